using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class DeleteTask
{
    internal sealed record Command(WorkspaceScope Scope, string TaskSid, string? IfMatch) : ICommand;

    internal sealed class Handler(TaskRouterDb db, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var task = await db.Tasks.SingleAsync(command.Scope, command.TaskSid, "Task", cancellationToken);
            IfMatch.Check(command.IfMatch, task);
            db.Tasks.Remove(task);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (command.IfMatch is not null)
            {
                throw ApiException.PreconditionFailed("The task changed while it was being deleted; read it again and retry.");
            }

            if (engine.TryGet(task.WorkspaceSid, out var router))
            {
                router.RemoveTask(task.Sid);
            }

            await journal.WaitPersistedAsync(cancellationToken);
            await publisher.Publish(new TaskDeleted(command.Scope.AccountSid, command.Scope.WorkspaceSid, task.Sid), cancellationToken);
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder tasks) => tasks
        .MapDelete("/{TaskSid}", async Task<NoContent> (string workspaceSid, string taskSid, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), taskSid, ifMatch), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteTask")
        .WithSummary("Delete a task (with If-Match, only at that ETag)")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
