using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>
/// <c>/Workers/Statistics</c>, <c>/Workers/RealTimeStatistics</c> and <c>/Workers/CumulativeStatistics</c>: all the
/// workspace's workers, or the members of one queue (<c>TaskQueueSid</c>, or its name: <c>TaskQueueName</c>),
/// or the worker named <c>FriendlyName</c>. A name that matches nothing gives the figures of no worker.
/// </summary>
internal static class WorkersStatistics
{
    internal sealed record Query(WorkspaceScope Scope, WorkerFilter Filter, StatisticsFields Fields, StatisticsPart Part) : IQuery<Dictionary<string, object?>>;

    internal sealed record WorkerFilter(string? TaskQueueSid, string? TaskQueueName, string? FriendlyName);

    /// <summary>No queue or worker has an empty sid: a filter resolved to it counts nothing.</summary>
    private const string NoMatch = "";

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var (queueSid, workerSid) = await ResolveAsync(scope, query.Filter, cancellationToken);

            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            Dictionary<string, object?>? realtime = null;
            Dictionary<string, object?>? cumulative = null;
            if (query.Part.WantsRealtime())
            {
                var workers = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).WorkerStatistics(queueSid, request.TaskChannel, workerSid)
                    ?? new Engine.WorkerFigures(new Dictionary<string, int>(), 0, 0);
                realtime = new(StringComparer.Ordinal)
                {
                    ["activity_statistics"] = await RealtimeFigures.ActivityStatisticsAsync(db, scope, workers, cancellationToken),
                    ["total_workers"] = workers.Total,
                };
            }

            if (query.Part.WantsCumulative())
            {
                var figures = await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid, TaskQueueSid: queueSid, WorkerSid: workerSid), request, cancellationToken);
                cumulative = new(StringComparer.Ordinal);
                figures.WriteReservations(cumulative);
                var workers = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).WorkerActivities(queueSid, workerSid);
                cumulative["activity_durations"] = await ActivityDurations.ReadAsync(db, scope, workerSid, workers, request, clock.GetUtcNow(), cancellationToken);
            }

            return StatisticsResponse.Compose(
                scope.AccountSid,
                query.Part,
                realtime,
                cumulative,
                [("workspace_sid", scope.WorkspaceSid)],
                $"{urls.In(scope.WorkspaceSid, "Workers")}/{query.Part.Suffix()}");
        }

        private async Task<(string? QueueSid, string? WorkerSid)> ResolveAsync(WorkspaceScope scope, WorkerFilter filter, CancellationToken cancellationToken)
        {
            var queueSid = filter.TaskQueueSid;
            if (queueSid is not null)
            {
                await db.TaskQueues.ReferencedAsync(scope, queueSid, "TaskQueueSid", cancellationToken);
            }

            if (filter.TaskQueueName is { } queueName)
            {
                var named = await db.TaskQueues.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
                    .Where(q => q.FriendlyName == queueName).Select(q => q.Sid).SingleOrDefaultAsync(cancellationToken);
                queueSid = named is not null && (queueSid is null || queueSid == named) ? named : NoMatch;
            }

            var workerSid = filter.FriendlyName is not { } workerName ? null
                : await db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
                    .Where(w => w.FriendlyName == workerName).Select(w => w.Sid).SingleOrDefaultAsync(cancellationToken) ?? NoMatch;
            return (queueSid, workerSid);
        }
    }

    internal static void Map(IEndpointRouteBuilder workers)
    {
        foreach (var part in Enum.GetValues<StatisticsPart>())
        {
            workers
                .MapGet($"/{part.Suffix()}", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, HttpContext http, ISender sender) =>
                {
                    var filter = new WorkerFilter(
                        StatisticsFields.Field(http.Request, "TaskQueueSid"), StatisticsFields.Field(http.Request, "TaskQueueName"), StatisticsFields.Field(http.Request, "FriendlyName"));
                    var query = new Query(new(http.User.AccountSidOf(), workspaceSid), filter, StatisticsFields.From(http.Request), part);
                    return TypedResults.Ok(await sender.Send(query, http.RequestAborted));
                })
                .WithName($"FetchWorkers{part.Suffix()}")
                .WithSummary($"Fetch the workers' {part.Describe()}")
                .WithDescription("TaskQueueSid (or TaskQueueName) keeps the members of one queue; FriendlyName keeps the worker of that name. " + StatisticsDocs.Parameters)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
