using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.WorkerChannels;

internal static class ListWorkerChannels
{
    internal sealed record Query(WorkspaceScope Scope, string WorkerSid, PageRequest Page) : IQuery<Page<WorkerChannelResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, RoutingEngine engine) : IQueryHandler<Query, Page<WorkerChannelResource>>
    {
        public async ValueTask<Page<WorkerChannelResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.Workers.SingleAsync(query.Scope, query.WorkerSid, "Worker", cancellationToken);
            var live = WorkerChannelResource.LiveOf(engine, query.Scope, query.WorkerSid);
            return await db.WorkerChannels
                .Include(c => c.TaskChannel)
                .InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid)
                .Where(c => c.WorkerSid == query.WorkerSid)
                .ToPageAsync(query.Page, c => WorkerChannelResource.From(c, live, urls), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, string workerSid, HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workerSid, request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("channels", page, request, http.Request));
        })
        .WithName("ListWorkerChannels")
        .WithSummary("List a worker's channels")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
