using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>
/// <c>/Workers/Statistics</c>, <c>/Workers/RealTimeStatistics</c> and <c>/Workers/CumulativeStatistics</c>: all the
/// workspace's workers, or (<c>TaskQueueSid</c>) the members of one queue.
/// </summary>
internal static class WorkersStatistics
{
    internal sealed record Query(WorkspaceScope Scope, string? TaskQueueSid, StatisticsFields Fields, StatisticsPart Part) : IQuery<Dictionary<string, object?>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            if (query.TaskQueueSid is not null)
            {
                await db.TaskQueues.ReferencedAsync(scope, query.TaskQueueSid, "TaskQueueSid", cancellationToken);
            }

            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            Dictionary<string, object?>? realtime = null;
            Dictionary<string, object?>? cumulative = null;
            if (query.Part.WantsRealtime())
            {
                var workers = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).WorkerStatistics(query.TaskQueueSid, request.TaskChannel)
                    ?? new Engine.WorkerFigures(new Dictionary<string, int>(), 0, 0);
                realtime = new(StringComparer.Ordinal)
                {
                    ["activity_statistics"] = await RealtimeFigures.ActivityStatisticsAsync(db, scope, workers, cancellationToken),
                    ["total_workers"] = workers.Total,
                };
            }

            if (query.Part.WantsCumulative())
            {
                var figures = await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid, TaskQueueSid: query.TaskQueueSid), request, cancellationToken);
                cumulative = new(StringComparer.Ordinal);
                figures.WriteReservations(cumulative);
                var workers = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).WorkerActivities(query.TaskQueueSid);
                cumulative["activity_durations"] = await ActivityDurations.ReadAsync(db, scope, null, workers, request, clock.GetUtcNow(), cancellationToken);
            }

            return StatisticsResponse.Compose(
                scope.AccountSid,
                query.Part,
                realtime,
                cumulative,
                [("workspace_sid", scope.WorkspaceSid)],
                $"{urls.In(scope.WorkspaceSid, "Workers")}/{query.Part.Suffix()}");
        }
    }

    internal static void Map(IEndpointRouteBuilder workers)
    {
        foreach (var part in Enum.GetValues<StatisticsPart>())
        {
            workers
                .MapGet($"/{part.Suffix()}", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, HttpContext http, ISender sender) =>
                {
                    var queueSid = http.Request.Query.TryGetValue("TaskQueueSid", out var values) ? values.ToString() : null;
                    var query = new Query(new(http.User.AccountSidOf(), workspaceSid), queueSid, StatisticsFields.From(http.Request), part);
                    return TypedResults.Ok(await sender.Send(query, http.RequestAborted));
                })
                .WithName($"FetchWorkers{part.Suffix()}")
                .WithSummary($"Fetch the workers' {part.Describe()}")
                .WithDescription("TaskQueueSid keeps the members of one queue. " + StatisticsDocs.Parameters)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
