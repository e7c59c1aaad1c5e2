using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Persistence;
using Telephony.TaskRouter.Routing;
using Telephony.TaskRouter.Tests.Events;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>
/// Reads answered from the engine show only what the journal has recorded, and wait for nothing
/// else: a task's fetch and its pending offers wait for that task's own events, not for every change
/// other requests made meanwhile. The journal is held back by a second connection holding SQLite's
/// write lock, as a slow disk or a long batch would.
/// </summary>
public sealed class RecordedReadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_recorded_task_is_read_while_another_tasks_change_waits_for_its_record_and_that_task_waits_with_it()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var recorded = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var changing = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);

        using var blocker = new SqliteConnection($"Data Source={app.Services.GetRequiredService<DataFolder>().File($"{TaskRouterModule.DatabaseName}.db")}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var update = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{changing}", Form.Of(("Priority", "5")));
        await Eventually.MatchAsync(() => router.GetTask(changing)!.Priority, priority => priority == 5, "the engine to take the new priority");
        var readOfChanged = tenant.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{changing}");

        var readOfRecorded = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{recorded}").WaitAsync(Generous);
        var offers = await tenant.Client.ReservationsAsync(ws.Sid, $"Tasks/{recorded}", "pending").WaitAsync(Generous);
        var alicesOffers = await tenant.Client.ReservationsAsync(ws.Sid, $"Workers/{alice}", "pending").WaitAsync(Generous);

        readOfRecorded.Text("assignment_status").Should().Be("reserved");
        offers.Should().ContainSingle("the recorded task's offer is listed while the journal is held back");
        alicesOffers.Should().ContainSingle("so are the offers of a worker the unrecorded change did not touch");
        readOfChanged.IsCompleted.Should().BeFalse("the changed task is shown only once its change is recorded");
        update.IsCompleted.Should().BeFalse("a change answers once it is recorded");

        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        (await (await update.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("priority").GetInt32().Should().Be(5);
        (await (await readOfChanged.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("priority").GetInt32().Should().Be(5);
    }
}
