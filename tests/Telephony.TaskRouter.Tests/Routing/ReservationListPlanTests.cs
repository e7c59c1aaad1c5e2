using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.Reservations;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>
/// A client waiting for its offer polls a task's reservations; that list must be found through
/// the task's (or worker's) index, or each poll reads every reservation in the workspace and
/// routing slows as the workspace's history grows. Asked of SQLite itself, on the real schema.
/// </summary>
public sealed class ReservationListPlanTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Theory]
    [InlineData("Tasks", "IX_Reservations_TaskSid_DateCreated_Sid")]
    [InlineData("Workers", "IX_Reservations_WorkerSid_DateCreated_Sid")]
    public async Task A_parents_reservations_page_is_searched_through_the_parents_index(string collection, string index)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
        var page = ListReservations.Of(db, "AC00000000000000000000000000000001", new ReservationParent(collection, "WT00000000000000000000000000000001"), ReservationState.Pending)
            .OrderBy(r => r.DateCreated).ThenBy(r => r.Sid).Take(51);

        var plan = await ExplainAsync(db, page.ToQueryString());

        plan.Should().Contain($"USING INDEX {index}").And.NotContain("WorkspaceSid");
    }

    /// <summary>SQLite's plan for a query EF wrote (its parameter lines dropped: unbound parameters plan the same).</summary>
    private static async Task<string> ExplainAsync(TaskRouterDb db, string sql)
    {
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join(" | ", steps);
    }
}
