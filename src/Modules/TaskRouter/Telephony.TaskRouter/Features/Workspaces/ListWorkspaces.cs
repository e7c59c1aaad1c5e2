using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workspaces;

internal static class ListWorkspaces
{
    internal sealed record Query(string AccountSid, string? FriendlyName, PageRequest Page) : IQuery<Page<WorkspaceResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, Page<WorkspaceResource>>
    {
        public async ValueTask<Page<WorkspaceResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var workspaces = db.Workspaces.Where(w => w.AccountSid == query.AccountSid);
            if (query.FriendlyName is not null)
            {
                workspaces = workspaces.Where(w => w.FriendlyName == query.FriendlyName);
            }

            var page = await workspaces.ToPageAsync(query.Page, w => w, cancellationToken);
            return new Page<WorkspaceResource>(await WorkspaceResource.FromAsync(page.Items, db, urls, cancellationToken), page.Next);
        }
    }

    internal static void Map(IEndpointRouteBuilder workspaces) => workspaces
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> ([FromQuery(Name = "FriendlyName")] string? friendlyName, HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(http.User.AccountSidOf(), friendlyName, request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("workspaces", page, request, http.Request));
        })
        .WithName("ListWorkspaces")
        .WithSummary("List the account's workspaces");
}
