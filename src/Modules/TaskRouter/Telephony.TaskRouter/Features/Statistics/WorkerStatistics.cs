using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary><c>/Workers/{WK}/Statistics</c>: one worker's reservations over a window (Twilio gives a worker cumulative figures only).</summary>
internal static class WorkerStatistics
{
    internal sealed record Query(WorkspaceScope Scope, string WorkerSid, StatisticsFields Fields) : IQuery<Dictionary<string, object?>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            var worker = await db.Workers.SingleAsync(scope, query.WorkerSid, "Worker", cancellationToken);
            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            var figures = await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid, WorkerSid: worker.Sid), request, cancellationToken);
            var cumulative = new Dictionary<string, object?>(StringComparer.Ordinal);
            figures.WriteReservations(cumulative);
            var activity = RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).WorkerActivities(workerSid: worker.Sid);
            cumulative["activity_durations"] = await ActivityDurations.ReadAsync(db, scope, worker.Sid, activity, request, clock.GetUtcNow(), cancellationToken);
            return StatisticsResponse.Compose(
                scope.AccountSid,
                StatisticsPart.Both,
                realtime: null,
                cumulative,
                [("worker_sid", worker.Sid), ("workspace_sid", scope.WorkspaceSid)],
                $"{urls.In(scope.WorkspaceSid, "Workers", worker.Sid)}/Statistics");
        }
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapGet("/{WorkerSid}/Statistics", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, string workerSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workerSid, StatisticsFields.From(http.Request)), http.RequestAborted)))
        .WithName("FetchWorkerStatistics")
        .WithSummary("Fetch one worker's cumulative statistics over a window")
        .WithDescription(StatisticsDocs.Parameters)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
