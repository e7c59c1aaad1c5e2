using Microsoft.EntityFrameworkCore;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Features.Tasks;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// Builds a workspace's router from the database: its configuration, its workers, then its live
/// tasks. Pending and reserved tasks route again with their real age (target timeouts and TTL keep
/// counting); offers that were pending when the process stopped are recorded as timed out, since no
/// one can still be looking at them; assigned and wrapping tasks come back holding their worker.
/// </summary>
internal sealed class WorkspaceLoader(RoutingEngine engine, TimeProvider clock)
{
    public async Task<WorkspaceRouter> LoadAsync(TaskRouterDb db, Workspace workspace, CancellationToken cancellationToken)
    {
        var workspaceSid = workspace.Sid;
        var channels = await db.TaskChannels.AsNoTracking().Where(c => c.WorkspaceSid == workspaceSid).ToListAsync(cancellationToken);
        var router = engine.Open(workspace.AccountSid, RoutingModel.Settings(workspace), channels.Select(c => c.UniqueName));
        foreach (var channel in channels)
        {
            router.AddTaskChannel(channel.UniqueName, channel.Sid);
        }

        foreach (var activity in await db.Activities.AsNoTracking().Where(a => a.WorkspaceSid == workspaceSid).ToListAsync(cancellationToken))
        {
            router.UpsertActivity(RoutingModel.Activity(activity));
        }

        foreach (var queue in await db.TaskQueues.AsNoTracking().Where(q => q.WorkspaceSid == workspaceSid).ToListAsync(cancellationToken))
        {
            router.UpsertQueue(RoutingModel.Queue(queue, clock));
        }

        foreach (var workflow in await db.Workflows.AsNoTracking().Where(w => w.WorkspaceSid == workspaceSid).ToListAsync(cancellationToken))
        {
            router.UpsertWorkflow(RoutingModel.Workflow(workflow, clock));
        }

        var workers = await db.Workers.AsNoTracking().Where(w => w.WorkspaceSid == workspaceSid)
            .Include(w => w.Channels).ThenInclude(c => c.TaskChannel)
            .OrderBy(w => w.DateCreated).ToListAsync(cancellationToken);
        foreach (var worker in workers)
        {
            router.AddWorker(
                worker.Sid,
                worker.FriendlyName,
                worker.Attributes,
                worker.ActivitySid,
                worker.Channels.ToDictionary(c => c.TaskChannel.UniqueName, c => c.Capacity, StringComparer.Ordinal),
                worker.Channels.Where(c => !c.Available).Select(c => c.TaskChannel.UniqueName).ToHashSet(StringComparer.Ordinal),
                new DateTimeOffset(DateTime.SpecifyKind(worker.DateStatusChanged, DateTimeKind.Utc)));
        }

        await RestoreTasksAsync(db, router, workspaceSid, cancellationToken);
        return router;
    }

    private static async Task RestoreTasksAsync(TaskRouterDb db, WorkspaceRouter router, string workspaceSid, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await db.Reservations.Where(r => r.WorkspaceSid == workspaceSid && r.Status == ReservationState.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ReservationState.Timeout).SetProperty(r => r.DateUpdated, now), cancellationToken);
        var held = await db.Reservations.AsNoTracking()
            .Where(r => r.WorkspaceSid == workspaceSid && (r.Status == ReservationState.Accepted || r.Status == ReservationState.Wrapping))
            .ToDictionaryAsync(r => r.TaskSid, cancellationToken);
        var live = db.Tasks.AsNoTracking().Include(t => t.TaskChannel)
            .Where(t => t.WorkspaceSid == workspaceSid && t.WorkflowSid != null && TaskStates.Active.Contains(t.AssignmentStatus))
            .OrderBy(t => t.DateCreated).ThenBy(t => t.Sid)
            .AsAsyncEnumerable();
        await foreach (var task in live.WithCancellation(cancellationToken))
        {
            var request = new NewRoutingTask(
                task.Sid,
                task.WorkflowSid!,
                task.Attributes,
                task.Priority,
                task.TaskChannel?.UniqueName ?? "default",
                TimeSpan.FromSeconds(task.Timeout),
                new DateTimeOffset(task.VirtualStartTime ?? task.DateCreated, TimeSpan.Zero),
                task.Version,
                Restored: true,
                ExpiresAt: new DateTimeOffset(task.DateCreated, TimeSpan.Zero).AddSeconds(task.Timeout),
                Details: TaskResource.DetailsOf(task, task.TaskChannel?.UniqueName));
            if (task.AssignmentStatus is AssignmentStatus.Assigned or AssignmentStatus.Wrapping && held.TryGetValue(task.Sid, out var reservation))
            {
                router.RestoreAssignedTask(
                    request,
                    task.AssignmentStatus == AssignmentStatus.Wrapping,
                    new HeldReservation(reservation.Sid, reservation.WorkerSid, reservation.WorkerName, reservation.TaskQueueSid, new DateTimeOffset(reservation.DateCreated, TimeSpan.Zero)));
            }
            else
            {
                router.CreateTask(request);
            }
        }
    }
}
