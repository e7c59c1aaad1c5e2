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

namespace Telephony.TaskRouter.Features.TaskChannels;

internal static class DeleteTaskChannel
{
    internal sealed record Command(WorkspaceScope Scope, string TaskChannel) : ICommand;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(command.Scope.AccountSid, command.Scope.WorkspaceSid, cancellationToken);
            var channel = await TaskChannelResource.FindAsync(db, command.Scope, command.TaskChannel, cancellationToken);
            if (await db.Tasks.AnyAsync(t => t.TaskChannelSid == channel.Sid && TaskStates.Active.Contains(t.AssignmentStatus), cancellationToken))
            {
                throw ApiException.Conflict($"Task channel {channel.UniqueName} carries active tasks; complete or cancel them first.", "TaskChannel");
            }

            db.TaskChannels.Remove(channel);
            await db.SaveChangesAsync(cancellationToken);
            if (engine.TryGet(channel.WorkspaceSid, out var router))
            {
                router.ForgetTaskChannel(channel.Sid);
            }
            return Unit.Value;
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapDelete("/{TaskChannel}", async Task<NoContent> (string workspaceSid, string taskChannel, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), taskChannel), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteTaskChannel")
        .WithSummary("Delete a task channel that carries no active task (workers' channels of that kind go with it)")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
