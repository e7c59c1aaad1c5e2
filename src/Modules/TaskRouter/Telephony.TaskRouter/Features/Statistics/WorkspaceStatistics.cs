using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary><c>/Workspaces/{WS}/Statistics</c>, <c>/RealTimeStatistics</c> and <c>/CumulativeStatistics</c>.</summary>
internal static class WorkspaceStatistics
{
    internal sealed record Query(WorkspaceScope Scope, StatisticsFields Fields, StatisticsPart Part) : IQuery<Dictionary<string, object?>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            Dictionary<string, object?>? realtime = null;
            Dictionary<string, object?>? cumulative = null;
            if (query.Part.WantsRealtime())
            {
                var router = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid);
                var workers = router.WorkerStatistics(channel: request.TaskChannel)!;
                realtime = new(StringComparer.Ordinal)
                {
                    ["activity_statistics"] = await RealtimeFigures.ActivityStatisticsAsync(db, scope, workers, cancellationToken),
                    ["total_workers"] = workers.Total,
                };
                RealtimeFigures.WriteTasks(realtime, router.TaskStatistics(channel: request.TaskChannel));
            }

            if (query.Part.WantsCumulative())
            {
                var figures = await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid), request, cancellationToken);
                cumulative = new(StringComparer.Ordinal);
                figures.WriteTasks(cumulative);
                cumulative["tasks_created"] = figures.Count(EventTypes.TaskCreated);
                cumulative["tasks_timed_out_in_workflow"] = figures.Count(EventTypes.WorkflowTimeout);
            }

            return StatisticsResponse.Compose(
                scope.AccountSid,
                query.Part,
                realtime,
                cumulative,
                [("workspace_sid", scope.WorkspaceSid)],
                $"{urls.Workspace(scope.WorkspaceSid)}/{query.Part.Suffix()}");
        }
    }

    internal static void Map(IEndpointRouteBuilder workspaces)
    {
        foreach (var part in Enum.GetValues<StatisticsPart>())
        {
            workspaces
                .MapGet($"/{{WorkspaceSid}}/{part.Suffix()}", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, HttpContext http, ISender sender) =>
                    TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), StatisticsFields.From(http.Request), part), http.RequestAborted)))
                .WithName($"FetchWorkspace{part.Suffix()}")
                .WithSummary($"Fetch the workspace's {part.Describe()}")
                .WithDescription(StatisticsDocs.Parameters)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
