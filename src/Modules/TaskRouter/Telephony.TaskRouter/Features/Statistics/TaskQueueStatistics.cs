using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary><c>/TaskQueues/{WQ}/Statistics</c>, <c>/RealTimeStatistics</c> and <c>/CumulativeStatistics</c>.</summary>
internal static class TaskQueueStatistics
{
    internal sealed record Query(WorkspaceScope Scope, string TaskQueueSid, StatisticsFields Fields, StatisticsPart Part) : IQuery<Dictionary<string, object?>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            var queue = await db.TaskQueues.SingleAsync(scope, query.TaskQueueSid, "TaskQueue", cancellationToken);
            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            return await ForQueueAsync(db, engine, urls, scope, queue.Sid, request, query.Part, cancellationToken);
        }
    }

    /// <summary>One queue's statistics (also each item of the queues' statistics list, which reads the cumulative figures of a page at once).</summary>
    internal static async Task<Dictionary<string, object?>> ForQueueAsync(
        TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, WorkspaceScope scope, string queueSid, StatisticsRequest request, StatisticsPart part, CancellationToken cancellationToken, CumulativeFigures? figures = null)
    {
        Dictionary<string, object?>? realtime = null;
        Dictionary<string, object?>? cumulative = null;
        if (part.WantsRealtime())
        {
            var router = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid);
            var workers = router.WorkerStatistics(queueSid, request.TaskChannel) ?? new WorkerFigures(new Dictionary<string, int>(), 0, 0);
            var tasks = router.TaskStatistics(queueSid: queueSid, channel: request.TaskChannel);
            realtime = new(StringComparer.Ordinal)
            {
                ["activity_statistics"] = await RealtimeFigures.ActivityStatisticsAsync(db, scope, workers, cancellationToken),
                ["longest_relative_task_age_in_queue"] = tasks.LongestAgeInQueue,
                ["longest_relative_task_sid_in_queue"] = tasks.LongestInQueueSid,
                ["total_available_workers"] = workers.Available,
                ["total_eligible_workers"] = workers.Total,
            };
            RealtimeFigures.WriteTasks(realtime, tasks);
        }

        if (part.WantsCumulative())
        {
            figures ??= await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid, TaskQueueSid: queueSid), request, cancellationToken);
            cumulative = new(StringComparer.Ordinal);
            figures.WriteTasks(cumulative);
            cumulative["tasks_entered"] = figures.Count(EventTypes.TaskQueueEntered);
            cumulative["wait_duration_in_queue_until_accepted"] = figures.WaitInQueueUntilAccepted;
        }

        return StatisticsResponse.Compose(
            scope.AccountSid,
            part,
            realtime,
            cumulative,
            [("task_queue_sid", queueSid), ("workspace_sid", scope.WorkspaceSid)],
            $"{urls.In(scope.WorkspaceSid, "TaskQueues", queueSid)}/{part.Suffix()}");
    }

    internal static void Map(IEndpointRouteBuilder queues)
    {
        foreach (var part in Enum.GetValues<StatisticsPart>())
        {
            queues
                .MapGet($"/{{TaskQueueSid}}/{part.Suffix()}", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, string taskQueueSid, HttpContext http, ISender sender) =>
                    TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), taskQueueSid, StatisticsFields.From(http.Request), part), http.RequestAborted)))
                .WithName($"FetchTaskQueue{part.Suffix()}")
                .WithSummary($"Fetch a task queue's {part.Describe()}")
                .WithDescription(StatisticsDocs.Parameters)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
