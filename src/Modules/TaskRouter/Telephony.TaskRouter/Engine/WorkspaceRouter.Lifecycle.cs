using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

/// <summary>An accepted (or wrapping) reservation as stored, brought back with its task after a restart.</summary>
internal sealed record HeldReservation(string Sid, string WorkerSid, string WorkerName, string QueueSid, DateTimeOffset CreatedAt);

// Tasks leaving memory (deleted, or finished and recorded) and assigned tasks coming back after a restart.
internal sealed partial class WorkspaceRouter
{
    public const string DeletedReason = "Task deleted";

    /// <summary>
    /// Deletes a task in any state: pending offers are canceled, an accepted or wrapping reservation is
    /// completed, so the workers' capacity comes back at once and they are offered other work.
    /// </summary>
    public RoutingResult RemoveTask(string sid)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task))
            {
                return RoutingResult.NotFound($"Task {sid} not found");
            }

            LeaveRouting(task);
            var freed = new List<RoutingWorker>();
            foreach (var reservation in task.Reservations.Where(r => r.Status.HoldsCapacity()).ToList())
            {
                var pending = reservation.Status == ReservationStatus.Pending;
                EndReservation(
                    reservation,
                    pending ? ReservationStatus.Canceled : ReservationStatus.Completed,
                    pending ? EventTypes.ReservationCanceled : EventTypes.ReservationCompleted,
                    DeletedReason);
                freed.Add(reservation.Worker);
            }

            Emit(EventTypes.TaskDeleted, sid, task, description: DeletedReason);
            Forget(task);
            foreach (var worker in freed)
            {
                OfferWork(worker);
            }

            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>Drops a completed or canceled task from memory once the database holds its final state.</summary>
    public bool ForgetTask(string sid)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task) || task.Status is not (TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled))
            {
                return false;
            }

            Forget(task);
            return true;
        }
    }

    /// <summary>
    /// Brings back, after a restart, a task that was assigned (or wrapping) with its accepted reservation,
    /// holding its worker's capacity as before. No events: nothing changed.
    /// </summary>
    public RoutingResult RestoreAssignedTask(NewRoutingTask request, bool wrapping, HeldReservation held)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_workflows.TryGetValue(request.WorkflowSid, out var workflow))
            {
                return RoutingResult.NotFound($"Workflow {request.WorkflowSid} not found");
            }

            var task = new RoutingTask(request.Sid, workflow, request.Channel, new RoutingAttributes(request.AttributesJson), request.Priority, request.CreatedAt ?? Now, NextSequence())
            {
                Version = request.Version,
                Details = request.Details,
                Status = wrapping ? TaskAssignmentStatus.Wrapping : TaskAssignmentStatus.Assigned,
            };
            _tasks[task.Sid] = task;
            if (_workers.TryGetValue(held.WorkerSid, out var worker) && _queues.TryGetValue(held.QueueSid, out var queue)
                && worker.Channels.TryGetValue(request.Channel, out var channel))
            {
                var reservation = new RoutingReservation(held.Sid, task, worker, queue, channel, held.CreatedAt, held.WorkerName)
                {
                    Status = wrapping ? ReservationStatus.Wrapping : ReservationStatus.Accepted,
                };
                UnindexForLoadChange(channel);
                channel.Used++;
                worker.ActiveReservations.Add(reservation.Sid, reservation);
                IndexAfterLoadChange(channel);
                _reservations[reservation.Sid] = reservation;
                task.Reservations.Add(reservation);
                task.AcceptedReservation = reservation;
                task.Queue = queue;
            }

            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task));
        }
    }

    private void Forget(RoutingTask task)
    {
        _tasks.Remove(task.Sid);
        foreach (var reservation in task.Reservations)
        {
            _reservations.Remove(reservation.Sid);
        }
    }
}
