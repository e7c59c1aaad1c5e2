using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Activities;

internal static class DeleteActivity
{
    internal sealed record Command(WorkspaceScope Scope, string ActivitySid) : ICommand;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var activity = await db.Activities.SingleAsync(command.Scope, command.ActivitySid, "Activity", cancellationToken);
            if (await UseOfAsync(activity, cancellationToken) is { } use)
            {
                throw ApiException.Conflict($"Activity {activity.Sid} ({activity.FriendlyName}) is in use: {use}. Move them to another activity first.", "ActivitySid");
            }

            // The engine holds every worker's activity (the rows may lag behind it).
            var router = engine.For(activity.WorkspaceSid);
            router.RemoveActivity(activity.Sid).OrThrow("ActivitySid");
            await journal.DeleteReleasedRowAsync(db, activity, () => router.UpsertActivity(RoutingModel.Activity(activity)));
            return Unit.Value;
        }

        private async Task<string?> UseOfAsync(Activity activity, CancellationToken cancellationToken)
        {
            var workspace = await db.Workspaces.SingleAsync(w => w.Sid == activity.WorkspaceSid, cancellationToken);
            if (workspace.DefaultActivitySid == activity.Sid || workspace.TimeoutActivitySid == activity.Sid)
            {
                return "it is the workspace's default or timeout activity";
            }

            var workers = await db.Workers.CountAsync(w => w.ActivitySid == activity.Sid, cancellationToken);
            if (workers > 0)
            {
                return $"{workers} worker(s) are in it";
            }

            var queue = await db.TaskQueues
                .Where(q => q.ReservationActivitySid == activity.Sid || q.AssignmentActivitySid == activity.Sid)
                .Select(q => q.Sid)
                .FirstOrDefaultAsync(cancellationToken);
            return queue is null ? null : $"task queue {queue} names it as its reservation or assignment activity";
        }
    }

    internal static void Map(IEndpointRouteBuilder activities) => activities
        .MapDelete("/{ActivitySid}", async Task<NoContent> (string workspaceSid, string activitySid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), activitySid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteActivity")
        .WithSummary("Delete an activity that no worker, queue or workspace setting uses")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
