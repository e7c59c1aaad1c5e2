using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Ids;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Routing;

/// <summary>One batch of engine events written as one transaction: latest state per resource, and every event.</summary>
internal static class JournalBatch
{
    public static async Task WriteAsync(TaskRouterDb db, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var tasks = new Dictionary<string, TaskSnapshot>(StringComparer.Ordinal);
        var reservations = new Dictionary<string, (JournalEntry Entry, ReservationSnapshot Reservation)>(StringComparer.Ordinal);
        var workers = new Dictionary<string, WorkerState>(StringComparer.Ordinal);
        foreach (var entry in batch)
        {
            var routingEvent = entry.Event;
            if (routingEvent.Task is { } task)
            {
                tasks[task.Sid] = task;
            }

            if (routingEvent.Reservation is { } reservation)
            {
                reservations[reservation.Sid] = (entry, reservation);
            }

            if (routingEvent.Worker is { } worker)
            {
                workers[worker.Sid] = worker;
            }
        }

        var taskSids = tasks.Keys.ToList();
        var taskRows = await db.Tasks.Where(t => taskSids.Contains(t.Sid)).ToDictionaryAsync(t => t.Sid, cancellationToken);
        foreach (var (sid, snapshot) in tasks)
        {
            if (taskRows.TryGetValue(sid, out var row))
            {
                Apply(row, snapshot);
            }
        }

        var reservationSids = reservations.Keys.ToList();
        var reservationRows = await db.Reservations.Where(r => reservationSids.Contains(r.Sid)).ToDictionaryAsync(r => r.Sid, cancellationToken);
        foreach (var (sid, (entry, snapshot)) in reservations)
        {
            if (reservationRows.TryGetValue(sid, out var row))
            {
                row.Status = State(snapshot.Status);
                row.DateUpdated = snapshot.UpdatedAt.UtcDateTime;
            }
            else if (taskRows.ContainsKey(snapshot.TaskSid))
            {
                db.Reservations.Add(NewReservation(entry, snapshot, entry.Event.Worker?.FriendlyName ?? snapshot.WorkerSid));
            }
        }

        var workerSids = workers.Keys.ToList();
        var workerRows = await db.Workers.Where(w => workerSids.Contains(w.Sid)).ToListAsync(cancellationToken);
        foreach (var row in workerRows)
        {
            Apply(row, workers[row.Sid]);
        }

        // A workspace deleted while its events were queued takes its history with it.
        var workspaceSids = batch.Select(entry => entry.WorkspaceSid).Distinct().ToList();
        var liveWorkspaces = (await db.Workspaces.Where(w => workspaceSids.Contains(w.Sid)).Select(w => w.Sid).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        db.Events.AddRange(batch.Where(entry => liveWorkspaces.Contains(entry.WorkspaceSid) && EventTypes.IsTwilioEvent(entry.Event.EventType)).Select(EventRecords.From));
        await SaveRacingTheApiAsync(db, tasks, workers, cancellationToken);
    }

    /// <summary>
    /// A row the API changed or deleted since it was read: a deleted one is dropped, a changed one
    /// (a worker renamed meanwhile) is read again and the engine's state applied on top.
    /// </summary>
    private static async Task SaveRacingTheApiAsync(TaskRouterDb db, Dictionary<string, TaskSnapshot> tasks, Dictionary<string, WorkerState> workers, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException e)
            {
                foreach (var stale in e.Entries)
                {
                    await stale.ReloadAsync(cancellationToken);
                    switch (stale.Entity)
                    {
                        case WorkTask task when stale.State != EntityState.Detached:
                            Apply(task, tasks[task.Sid]);
                            break;
                        case Worker worker when stale.State != EntityState.Detached:
                            Apply(worker, workers[worker.Sid]);
                            break;
                    }
                }
            }
        }
    }

    private static void Apply(Worker row, WorkerState state)
    {
        if (row.ActivitySid != state.ActivitySid)
        {
            row.ActivitySid = state.ActivitySid;
            row.DateStatusChanged = state.DateStatusChanged.UtcDateTime;
            row.DateUpdated = state.DateStatusChanged.UtcDateTime;
            row.Version++;
        }
    }

    private static void Apply(WorkTask row, TaskSnapshot snapshot)
    {
        row.AssignmentStatus = Status(snapshot.Status);
        row.Priority = snapshot.Priority;
        row.Attributes = snapshot.AttributesJson;
        row.TaskQueueSid = snapshot.TaskQueueSid;
        row.TaskQueueEnteredDate = snapshot.TaskQueueEnteredAt?.UtcDateTime;
        row.Reason = snapshot.Reason;
        row.Version = snapshot.Version;
        row.DateUpdated = DateTime.UtcNow;
    }

    private static Reservation NewReservation(JournalEntry entry, ReservationSnapshot snapshot, string workerName) => new()
    {
        Sid = snapshot.Sid,
        AccountSid = entry.AccountSid,
        WorkspaceSid = entry.WorkspaceSid,
        TaskSid = snapshot.TaskSid,
        WorkerSid = snapshot.WorkerSid,
        WorkerName = workerName,
        TaskQueueSid = snapshot.TaskQueueSid,
        Status = State(snapshot.Status),
        DateCreated = snapshot.CreatedAt.UtcDateTime,
        DateUpdated = snapshot.UpdatedAt.UtcDateTime,
    };

    public static AssignmentStatus Status(TaskAssignmentStatus status) => status switch
    {
        TaskAssignmentStatus.Pending => AssignmentStatus.Pending,
        TaskAssignmentStatus.Reserved => AssignmentStatus.Reserved,
        TaskAssignmentStatus.Assigned => AssignmentStatus.Assigned,
        TaskAssignmentStatus.Wrapping => AssignmentStatus.Wrapping,
        TaskAssignmentStatus.Completed => AssignmentStatus.Completed,
        _ => AssignmentStatus.Canceled,
    };

    public static ReservationState State(ReservationStatus status) => status switch
    {
        ReservationStatus.Pending => ReservationState.Pending,
        ReservationStatus.Accepted => ReservationState.Accepted,
        ReservationStatus.Rejected => ReservationState.Rejected,
        ReservationStatus.Timeout => ReservationState.Timeout,
        ReservationStatus.Canceled => ReservationState.Canceled,
        ReservationStatus.Rescinded => ReservationState.Rescinded,
        ReservationStatus.Wrapping => ReservationState.Wrapping,
        _ => ReservationState.Completed,
    };
}
