using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workflows;

internal static class FetchWorkflow
{
    internal sealed record Query(WorkspaceScope Scope, string WorkflowSid) : IQuery<WorkflowResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, WorkflowResource>
    {
        public async ValueTask<WorkflowResource> Handle(Query query, CancellationToken cancellationToken) =>
            WorkflowResource.From(await db.Workflows.AsNoTracking().SingleAsync(query.Scope, query.WorkflowSid, "Workflow", cancellationToken), urls);
    }

    internal static void Map(IEndpointRouteBuilder workflows) => workflows
        .MapGet("/{WorkflowSid}", async Task<Ok<WorkflowResource>> (string workspaceSid, string workflowSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workflowSid), http.RequestAborted)))
        .WithName("FetchWorkflow")
        .WithSummary("Fetch a workflow")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
