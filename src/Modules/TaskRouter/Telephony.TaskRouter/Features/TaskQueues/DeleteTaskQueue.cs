using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class DeleteTaskQueue
{
    internal sealed record Command(WorkspaceScope Scope, string TaskQueueSid) : ICommand;

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var queue = await db.TaskQueues.SingleAsync(scope, command.TaskQueueSid, "TaskQueue", cancellationToken);
            // Configurations are JSON text; a queue sid is 34 characters that occur nowhere else by chance.
            var workflow = await db.Workflows.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
                .Where(w => w.Configuration.Contains(queue.Sid))
                .Select(w => w.Sid)
                .FirstOrDefaultAsync(cancellationToken);
            if (workflow is not null)
            {
                throw ApiException.Conflict($"Task queue {queue.Sid} is a target of workflow {workflow}; change the workflow first.", "TaskQueueSid");
            }

            // The engine holds every active task (the rows may lag behind it): it refuses while one is in the queue.
            var router = engine.For(queue.WorkspaceSid);
            router.RemoveQueue(queue.Sid).OrThrow("TaskQueueSid");
            // A task that finished in the queue a moment ago is not yet recorded, and its record names the queue.
            await journal.DeleteReleasedRowAsync(db, queue, () => router.ReinstateQueue(RoutingModel.Queue(queue, clock)));
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapDelete("/{TaskQueueSid}", async Task<NoContent> (string workspaceSid, string taskQueueSid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), taskQueueSid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteTaskQueue")
        .WithSummary("Delete a task queue that no workflow targets and no active task is in")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
