using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workspaces;

internal static class FetchWorkspace
{
    internal sealed record Query(string AccountSid, string WorkspaceSid) : IQuery<WorkspaceResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, WorkspaceResource>
    {
        public async ValueTask<WorkspaceResource> Handle(Query query, CancellationToken cancellationToken) =>
            await WorkspaceResource.FromAsync(await db.WorkspaceAsync(query.AccountSid, query.WorkspaceSid, cancellationToken), db, urls, cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder workspaces) => workspaces
        .MapGet("/{WorkspaceSid}", async Task<Ok<WorkspaceResource>> (string workspaceSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf(), workspaceSid), http.RequestAborted)))
        .WithName("FetchWorkspace")
        .WithSummary("Fetch a workspace")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
