using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.Tasks;
using Telephony.TaskRouter.Routing;
using Telephony.TaskRouter.Routing.Callbacks;

namespace Telephony.TaskRouter.Features.Workflows;

internal static class DeleteWorkflow
{
    internal sealed record Command(WorkspaceScope Scope, string WorkflowSid) : ICommand;

    internal sealed class Handler(TaskRouterDb db, WorkflowCallbackUrls callbackUrls, RoutingEngine engine) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var workflow = await db.Workflows.SingleAsync(command.Scope, command.WorkflowSid, "Workflow", cancellationToken);
            if (await db.Tasks.AnyAsync(t => t.WorkflowSid == workflow.Sid && TaskStates.Active.Contains(t.AssignmentStatus), cancellationToken))
            {
                throw ApiException.Conflict($"Workflow {workflow.Sid} is routing active tasks; complete or cancel them first.", "WorkflowSid");
            }

            db.Workflows.Remove(workflow);
            await db.SaveChangesAsync(cancellationToken);
            callbackUrls.Forget(workflow.Sid);
            if (engine.TryGet(workflow.WorkspaceSid, out var router))
            {
                router.RemoveWorkflow(workflow.Sid);
            }
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder workflows) => workflows
        .MapDelete("/{WorkflowSid}", async Task<NoContent> (string workspaceSid, string workflowSid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), workflowSid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteWorkflow")
        .WithSummary("Delete a workflow that routes no active task")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
