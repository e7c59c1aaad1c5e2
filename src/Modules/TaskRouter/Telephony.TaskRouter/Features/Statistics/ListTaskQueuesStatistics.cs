using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary><c>GET /TaskQueues/Statistics</c>: every queue's real-time and cumulative statistics, a page at a time.</summary>
internal static class ListTaskQueuesStatistics
{
    internal sealed record Query(WorkspaceScope Scope, string? FriendlyName, StatisticsFields Fields, PageRequest Page) : IQuery<Page<Dictionary<string, object?>>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Page<Dictionary<string, object?>>>
    {
        public async ValueTask<Page<Dictionary<string, object?>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            var queues = db.TaskQueues.InWorkspace(scope.AccountSid, scope.WorkspaceSid);
            queues = query.FriendlyName is null ? queues : queues.Where(q => q.FriendlyName == query.FriendlyName);
            var page = await queues.ToPageAsync(query.Page, q => q.Sid, cancellationToken);
            var items = new List<Dictionary<string, object?>>(page.Items.Count);
            // One reading of the window for the whole page, not one per queue.
            var cumulative = await CumulativeFigures.ReadPerQueueAsync(db, scope.WorkspaceSid, page.Items, request, cancellationToken);
            foreach (var queueSid in page.Items)
            {
                var statistics = await TaskQueueStatistics.ForQueueAsync(db, engine, urls, scope, queueSid, request, StatisticsPart.Both, cancellationToken, cumulative[queueSid]);
                statistics.Remove("url");
                items.Add(statistics);
            }

            return new Page<Dictionary<string, object?>>(items, page.Next);
        }
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapGet("/Statistics", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "FriendlyName")] string? friendlyName,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var query = new Query(new(http.User.AccountSidOf(), workspaceSid), friendlyName, StatisticsFields.From(http.Request), request);
            return TypedResults.Ok(ListEnvelope.Create("task_queues_statistics", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName("ListTaskQueuesStatistics")
        .WithSummary("List every task queue's real-time and cumulative statistics")
        .WithDescription("FriendlyName keeps one queue. " + StatisticsDocs.Parameters)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
