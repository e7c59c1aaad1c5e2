using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// Reservations: made, accepted (first accept wins, the others are rescinded), rejected, timed out,
// wrapped and completed. Capacity is held by pending, accepted and wrapping reservations only.
internal sealed partial class WorkspaceRouter
{
    /// <summary>Accepts a pending reservation. A second accept, or an accept racing a rescind, is a conflict that reports the current state.</summary>
    public RoutingResult AcceptReservation(string reservationSid)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationSid, out var reservation))
            {
                return RoutingResult.NotFound($"Reservation {reservationSid} not found");
            }

            if (reservation.Status != ReservationStatus.Pending)
            {
                return ReservationConflict(reservation, $"Reservation is {reservation.Status.WireName()}, not pending");
            }

            var task = reservation.Task;
            var worker = reservation.Worker;
            _timers.Cancel(reservation.Timeout);
            reservation.Timeout = null;
            reservation.Status = ReservationStatus.Accepted;
            reservation.UpdatedAt = Now;
            task.PendingReservations--;
            task.Status = TaskAssignmentStatus.Assigned;
            task.AcceptedReservation = reservation;
            LeaveRouting(task);
            Emit(EventTypes.ReservationAccepted, reservation.Sid, reservation: reservation);

            var rescinded = new List<RoutingWorker>();
            foreach (var other in task.Reservations.Where(r => r.Status == ReservationStatus.Pending).ToList())
            {
                EndReservation(other, ReservationStatus.Rescinded, EventTypes.ReservationRescinded);
                rescinded.Add(other.Worker);
            }

            if (!Settings.MultiTaskEnabled && reservation.Queue.Definition.AssignmentActivitySid is { } assignmentActivity
                && _activities.TryGetValue(assignmentActivity, out var activity))
            {
                AvailableWorkers.RemoveAll(worker);
                SetActivity(worker, activity);
                IndexWorker(worker);
            }

            foreach (var freed in rescinded)
            {
                OfferWork(freed);
            }

            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task), ReservationSnapshot.Of(reservation));
        }
    }

    /// <summary>Rejects a pending reservation: the worker is never offered this task again, and the task routes on.</summary>
    public RoutingResult RejectReservation(string reservationSid, string? workerActivitySid = null)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationSid, out var reservation))
            {
                return RoutingResult.NotFound($"Reservation {reservationSid} not found");
            }

            RoutingActivity? activity = null;
            if (workerActivitySid is not null && !_activities.TryGetValue(workerActivitySid, out activity))
            {
                return RoutingResult.NotFound($"Activity {workerActivitySid} not found");
            }

            if (reservation.Status != ReservationStatus.Pending)
            {
                return ReservationConflict(reservation, $"Reservation is {reservation.Status.WireName()}, not pending");
            }

            var worker = reservation.Worker;
            if (activity is not null)
            {
                AvailableWorkers.RemoveAll(worker);
                SetActivity(worker, activity);
                IndexWorker(worker);
            }

            RejectCore(reservation);
            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(reservation.Task), ReservationSnapshot.Of(reservation));
        }
    }

    /// <summary>Reservation <c>wrapping</c>: the task moves to wrapping with it.</summary>
    public RoutingResult WrapUpReservation(string reservationSid)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationSid, out var reservation))
            {
                return RoutingResult.NotFound($"Reservation {reservationSid} not found");
            }

            return reservation.Status == ReservationStatus.Accepted
                ? WrapUpCore(reservation.Task, reason: null)
                : ReservationConflict(reservation, $"Reservation is {reservation.Status.WireName()}; only an accepted reservation can move to wrapping");
        }
    }

    /// <summary>Reservation <c>completed</c>: the task completes with it.</summary>
    public RoutingResult CompleteReservation(string reservationSid)
    {
        lock (_lock)
        {
            if (!_reservations.TryGetValue(reservationSid, out var reservation))
            {
                return RoutingResult.NotFound($"Reservation {reservationSid} not found");
            }

            return reservation.Status is ReservationStatus.Accepted or ReservationStatus.Wrapping
                ? CompleteCore(reservation.Task, reason: null)
                : ReservationConflict(reservation, $"Reservation is {reservation.Status.WireName()}; only an accepted or wrapping reservation can be completed");
        }
    }

    private void Reserve(RoutingTask task, WorkerChannel channel, RoutingQueue queue)
    {
        var worker = channel.Worker;
        var now = Now;
        var reservation = new RoutingReservation(NewReservationSid(), task, worker, queue, channel, now);
        UnindexForLoadChange(channel);
        _waiting.Remove(task);
        channel.Used++;
        channel.IdleSince = now;
        worker.ActiveReservations.Add(reservation.Sid, reservation);
        _reservations[reservation.Sid] = reservation;
        task.Status = TaskAssignmentStatus.Reserved;
        task.PendingReservations++;
        task.Reservations.Add(reservation);
        reservation.Timeout = _timers.Schedule(now + task.Workflow.ReservationTimeout, DueKind.ReservationTimeout, reservation.Sid);
        Emit(EventTypes.ReservationCreated, reservation.Sid, reservation: reservation);
        if (!Settings.MultiTaskEnabled && queue.Definition.ReservationActivitySid is { } reservationActivity
            && _activities.TryGetValue(reservationActivity, out var activity))
        {
            SetActivity(worker, activity);
        }

        IndexAfterLoadChange(channel);
        ReindexTask(task);
    }

    private void RejectCore(RoutingReservation reservation)
    {
        EndReservation(reservation, ReservationStatus.Rejected, EventTypes.ReservationRejected);
        reservation.Task.RejectedBy.Add(reservation.Worker.Sid);
        RouteOnAfterReservationEnded(reservation.Task);
    }

    private void TimeOutReservation(RoutingReservation reservation)
    {
        var worker = reservation.Worker;
        EndReservation(reservation, ReservationStatus.Timeout, EventTypes.ReservationTimeout);
        if (Settings.TimeoutActivitySid is { } timeoutActivity && _activities.TryGetValue(timeoutActivity, out var activity))
        {
            AvailableWorkers.RemoveAll(worker);
            SetActivity(worker, activity);
            IndexWorker(worker);
        }

        RouteOnAfterReservationEnded(reservation.Task);
        OfferWork(worker);
    }

    /// <summary>Ends a reservation (any status but accepted/wrapping frees the worker's capacity).</summary>
    private void EndReservation(RoutingReservation reservation, ReservationStatus status, string eventType, string? description = null)
    {
        var worker = reservation.Worker;
        _timers.Cancel(reservation.Timeout);
        reservation.Timeout = null;
        UnindexForLoadChange(reservation.Channel);
        if (reservation.Status == ReservationStatus.Pending)
        {
            reservation.Task.PendingReservations--;
        }

        reservation.Status = status;
        reservation.UpdatedAt = Now;
        if (!status.HoldsCapacity())
        {
            worker.ActiveReservations.Remove(reservation.Sid);
            reservation.Channel.Used--;
            reservation.Channel.IdleSince = Now;
        }

        Emit(eventType, reservation.Sid, reservation: reservation, description: description);
        IndexAfterLoadChange(reservation.Channel);
    }

    /// <summary>
    /// A reservation of a reserved task ended unaccepted. With others still pending, the freed slot
    /// is offered on; with none, the task is pending again and routed on from its current step
    /// (or canceled: re-route limit, or its workflow timed out meanwhile).
    /// </summary>
    private void RouteOnAfterReservationEnded(RoutingTask task)
    {
        if (task.Status != TaskAssignmentStatus.Reserved)
        {
            return;
        }

        if (task.PendingReservations > 0)
        {
            ReindexTask(task);
            OfferTask(task);
            return;
        }

        task.Status = TaskAssignmentStatus.Pending;
        task.RerouteCount++;
        Emit(EventTypes.StateChanged, task.Sid, task);
        if (task.RerouteCount >= WorkspaceRoutingSettings.MaxReroutes)
        {
            CancelCore(task, RerouteLimitReason);
        }
        else if (task.WorkflowTimedOut)
        {
            CancelCore(task, WorkflowTimeoutReason);
        }
        else if (task.NeedsEvaluation)
        {
            EvaluateWorkflow(task, fromFilter: 0);
        }
        else
        {
            ReindexTask(task);
            OfferTask(task);
        }
    }

    private static RoutingResult ReservationConflict(RoutingReservation reservation, string message) =>
        new(RoutingOutcome.Conflict, TaskSnapshot.Of(reservation.Task), ReservationSnapshot.Of(reservation), message);
}
