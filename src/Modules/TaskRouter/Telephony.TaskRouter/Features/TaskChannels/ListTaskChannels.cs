using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskChannels;

internal static class ListTaskChannels
{
    internal sealed record Query(WorkspaceScope Scope, PageRequest Page) : IQuery<Page<TaskChannelResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, Page<TaskChannelResource>>
    {
        public async ValueTask<Page<TaskChannelResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(query.Scope.AccountSid, query.Scope.WorkspaceSid, cancellationToken);
            return await db.TaskChannels.InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid)
                .ToPageAsync(query.Page, c => TaskChannelResource.From(c, urls), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("channels", page, request, http.Request));
        })
        .WithName("ListTaskChannels")
        .WithSummary("List a workspace's task channels")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
