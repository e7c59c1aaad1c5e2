using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workspaces;

internal static class DeleteWorkspace
{
    internal sealed record Command(string AccountSid, string WorkspaceSid) : ICommand;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            // One statement: the database cascades to everything in the workspace.
            var deleted = await db.Workspaces
                .Where(w => w.Sid == command.WorkspaceSid && w.AccountSid == command.AccountSid)
                .ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                throw ApiException.NotFound("Workspace", command.WorkspaceSid);
            }

            engine.Close(command.WorkspaceSid);
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder workspaces) => workspaces
        .MapDelete("/{WorkspaceSid}", async Task<NoContent> (string workspaceSid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(http.User.AccountSidOf(), workspaceSid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteWorkspace")
        .WithSummary("Delete a workspace and everything in it")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
