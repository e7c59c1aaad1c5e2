using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.Tasks;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workers;

internal static class DeleteWorker
{
    internal sealed record Command(WorkspaceScope Scope, string WorkerSid, string? IfMatch = null) : ICommand;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var worker = await db.Workers.SingleAsync(command.Scope, command.WorkerSid, "Worker", cancellationToken);
            IfMatch.Check(command.IfMatch, WorkerResource.ETagOf(worker), "worker");
            engine.For(worker.WorkspaceSid).RemoveWorker(worker.Sid).OrThrow();
            db.Workers.Remove(worker);
            await db.SaveChangesAsync(cancellationToken);
            await journal.WaitPersistedAsync(cancellationToken);
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapDelete("/{WorkerSid}", async Task<NoContent> (string workspaceSid, string workerSid, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), workerSid, ifMatch), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteWorker")
        .WithSummary("Delete a worker and its channels")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
