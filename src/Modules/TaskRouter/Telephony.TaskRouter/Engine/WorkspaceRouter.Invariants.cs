using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// A full audit of the state: scans everything, so it is for tests and diagnostics, never for routing.
internal sealed partial class WorkspaceRouter
{
    /// <summary>Every broken rule, in words; empty when the state is consistent.</summary>
    public IReadOnlyList<string> FindInvariantViolations()
    {
        lock (_lock)
        {
            var violations = new List<string>();
            var holdingCapacity = _reservations.Values.Where(r => r.Status.HoldsCapacity()).ToLookup(r => r.Worker);
            foreach (var worker in _workers.Values)
            {
                CheckWorker(worker, [.. holdingCapacity[worker]], violations);
            }

            foreach (var task in _tasks.Values)
            {
                CheckTask(task, violations);
            }

            return violations;
        }
    }

    private void CheckWorker(RoutingWorker worker, List<RoutingReservation> active, List<string> violations)
    {
        if (active.Count != worker.ActiveReservations.Count)
        {
            violations.Add($"{worker.Sid}: {active.Count} reservations hold capacity but {worker.ActiveReservations.Count} are tracked");
        }

        if (!Settings.MultiTaskEnabled && active.Count > 1)
        {
            violations.Add($"{worker.Sid}: {active.Count} reservations in a single-tasking workspace");
        }

        foreach (var channel in worker.Channels.Values)
        {
            var used = active.Count(r => r.Channel == channel);
            if (used != channel.Used)
            {
                violations.Add($"{worker.Sid}/{channel.Name}: used {channel.Used} but {used} reservations hold it");
            }

            if (Settings.MultiTaskEnabled && used > channel.Capacity && active.Any(r => r.Channel == channel && r.Status == ReservationStatus.Pending))
            {
                violations.Add($"{worker.Sid}/{channel.Name}: {used} reservations over capacity {channel.Capacity}");
            }

            var indexed = channel.IndexedIn.Count;
            var expected = CanTakeNow(channel) ? worker.Queues.Count : 0;
            if (indexed != expected)
            {
                violations.Add($"{worker.Sid}/{channel.Name}: in {indexed} available sets, expected {expected}");
            }
        }

        foreach (var queue in _queues.Values)
        {
            if (queue.Definition.TargetWorkers(worker) != worker.Queues.Contains(queue))
            {
                violations.Add($"{worker.Sid}: membership of {queue.Sid} is stale");
            }
        }

        foreach (var removed in worker.Queues.Where(queue => _queues.GetValueOrDefault(queue.Sid) != queue))
        {
            violations.Add($"{worker.Sid}: member of removed queue {removed.Sid}");
        }
    }

    private static void CheckTask(RoutingTask task, List<string> violations)
    {
        var pending = task.Reservations.Count(r => r.Status == ReservationStatus.Pending);
        var accepted = task.Reservations.Count(r => r.Status is ReservationStatus.Accepted or ReservationStatus.Wrapping or ReservationStatus.Completed);
        if (pending != task.PendingReservations)
        {
            violations.Add($"{task.Sid}: {pending} pending reservations but {task.PendingReservations} counted");
        }

        if (accepted > 1)
        {
            violations.Add($"{task.Sid}: assigned {accepted} times");
        }

        var expectedStatus = task.Status switch
        {
            TaskAssignmentStatus.Pending => pending == 0 && accepted == 0,
            TaskAssignmentStatus.Reserved => pending > 0 && accepted == 0,
            TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping => pending == 0 && accepted == 1,
            TaskAssignmentStatus.Completed => pending == 0 && accepted == 1,
            TaskAssignmentStatus.Canceled => pending == 0 && accepted == 0,
            _ => false,
        };
        if (!expectedStatus)
        {
            violations.Add($"{task.Sid}: {task.Status} with {pending} pending and {accepted} accepted reservations");
        }

        var shouldWait = task.Status.IsRouting() && task.Queue is not null && !task.WorkflowTimedOut
            && task.PendingReservations < task.Queue.Definition.MaxReservedWorkers;
        if (shouldWait != WaitingTasks.Contains(task))
        {
            violations.Add($"{task.Sid}: waiting index says {!shouldWait}, state says {shouldWait}");
        }

        if (task.Status.IsRouting() && task.TimeToLive is null)
        {
            violations.Add($"{task.Sid}: routing without a time to live");
        }
    }
}
