using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workflows;

internal static class ListWorkflows
{
    internal sealed record Query(WorkspaceScope Scope, string? FriendlyName, PageRequest Page) : IQuery<Page<WorkflowResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, Page<WorkflowResource>>
    {
        public async ValueTask<Page<WorkflowResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(query.Scope.AccountSid, query.Scope.WorkspaceSid, cancellationToken);
            var workflows = db.Workflows.InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid);
            workflows = query.FriendlyName is null ? workflows : workflows.Where(w => w.FriendlyName == query.FriendlyName);
            return await workflows.ToPageAsync(query.Page, w => WorkflowResource.From(w, urls), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder workflows) => workflows
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, [FromQuery(Name = "FriendlyName")] string? friendlyName, HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), friendlyName, request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("workflows", page, request, http.Request));
        })
        .WithName("ListWorkflows")
        .WithSummary("List a workspace's workflows")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
