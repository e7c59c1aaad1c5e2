using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

/// <summary>
/// A task to route: the resources layer has stored it and chosen its sid. <paramref name="CreatedAt"/>
/// is set when a task is restored after a restart, so that its age, target timeouts and TTL keep counting
/// from its real creation; a restored task is routed again without a second <c>task.created</c>.
/// </summary>
internal sealed record NewRoutingTask(string Sid, string WorkflowSid, string AttributesJson, int Priority = 0, string Channel = "default", TimeSpan? TimeToLive = null, DateTimeOffset? CreatedAt = null, int Version = 0, bool Restored = false, DateTimeOffset? ExpiresAt = null, TaskDetails? Details = null)
{
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(86_400);
}

// Tasks: creation, update, and the ends of their life (cancel, wrap up, complete).
internal sealed partial class WorkspaceRouter
{
    public RoutingResult CreateTask(NewRoutingTask request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_workflows.TryGetValue(request.WorkflowSid, out var workflow))
            {
                return RoutingResult.NotFound($"Workflow {request.WorkflowSid} not found");
            }

            if (!_taskChannels.Contains(request.Channel))
            {
                return RoutingResult.NotFound($"Task channel {request.Channel} not found");
            }

            if (_tasks.TryGetValue(request.Sid, out var existing))
            {
                return Conflict(existing, $"Task {request.Sid} already exists");
            }

            var createdAt = request.CreatedAt ?? Now;
            var task = new RoutingTask(request.Sid, workflow, request.Channel, new RoutingAttributes(request.AttributesJson), request.Priority, createdAt, NextSequence())
            {
                Version = request.Version,
                Details = request.Details,
            };
            _tasks[task.Sid] = task;
            // The TTL runs from the real creation (ExpiresAt) even when the age starts earlier (a virtual start time).
            var expiresAt = request.ExpiresAt ?? createdAt + (request.TimeToLive ?? NewRoutingTask.DefaultTimeToLive);
            task.TimeToLive = _timers.Schedule(expiresAt, DueKind.TaskTimeToLive, task.Sid);
            if (!request.Restored)
            {
                Emit(EventTypes.TaskCreated, task.Sid, task);
            }

            Emit(EventTypes.WorkflowEntered, workflow.Sid, task);
            EvaluateWorkflow(task, fromFilter: 0);
            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task));
        }
    }

    /// <summary>
    /// Changes the task channel the API shows of a live task (not a routing field: the engine routes on
    /// the channel the task was created with), changed at <paramref name="updatedAt"/> as its row says;
    /// no event, no new version. Only those fields, under the lock, so a concurrent change of the
    /// other details (a virtual start time) is kept.
    /// </summary>
    public bool SetTaskChannel(string sid, string channelSid, string channelUniqueName, DateTimeOffset updatedAt)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task) || task.Details is not { } details)
            {
                return false;
            }

            task.Details = details with { TaskChannelSid = channelSid, TaskChannelUniqueName = channelUniqueName };
            task.UpdatedAt = updatedAt;
            return true;
        }
    }

    /// <summary>
    /// New attributes, priority and/or virtual start time. A pending task is evaluated against its
    /// workflow again at once (its queue order and target timeouts then count from the new start);
    /// a reserved one when its reservations end unaccepted; later states just keep the values.
    /// </summary>
    public RoutingResult UpdateTask(string sid, string? attributesJson = null, int? priority = null, int? expectedVersion = null, DateTimeOffset? virtualStartTime = null)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task))
            {
                return RoutingResult.NotFound($"Task {sid} not found");
            }

            if (VersionMismatch(task, expectedVersion) is { } mismatch)
            {
                return mismatch;
            }

            _waiting.Remove(task);
            if (attributesJson is not null)
            {
                task.Attributes = new RoutingAttributes(attributesJson);
            }

            if (priority is { } newPriority)
            {
                task.Priority = newPriority;
            }

            if (virtualStartTime is { } start)
            {
                task.CreatedAt = start;
                task.Details = task.Details is { } details ? details with { VirtualStartTime = start.UtcDateTime } : null;
            }

            Emit(EventTypes.TaskUpdated, sid, task);
            switch (task.Status)
            {
                case TaskAssignmentStatus.Pending:
                    EvaluateWorkflow(task, fromFilter: 0);
                    break;
                case TaskAssignmentStatus.Reserved:
                    task.NeedsEvaluation = true;
                    ReindexTask(task);
                    break;
            }

            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task));
        }
    }

    /// <summary>Cancels a pending or reserved task; its pending reservations are canceled.</summary>
    public RoutingResult CancelTask(string sid, string? reason = null, int? expectedVersion = null)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task))
            {
                return RoutingResult.NotFound($"Task {sid} not found");
            }

            if (VersionMismatch(task, expectedVersion) is { } mismatch)
            {
                return mismatch;
            }

            if (!task.Status.IsRouting())
            {
                return Conflict(task, $"Task is {task.Status.WireName()}; only a pending or reserved task can be canceled");
            }

            CancelCore(task, reason);
            return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task));
        }
    }

    /// <summary>Moves an assigned task (and its accepted reservation) to wrapping; capacity stays held.</summary>
    public RoutingResult WrapUpTask(string sid, string? reason = null, int? expectedVersion = null)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task))
            {
                return RoutingResult.NotFound($"Task {sid} not found");
            }

            if (VersionMismatch(task, expectedVersion) is { } mismatch)
            {
                return mismatch;
            }

            return WrapUpCore(task, reason);
        }
    }

    /// <summary>Completes an assigned or wrapping task; its worker's capacity is freed and offered new work.</summary>
    public RoutingResult CompleteTask(string sid, string? reason = null, int? expectedVersion = null)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(sid, out var task))
            {
                return RoutingResult.NotFound($"Task {sid} not found");
            }

            if (VersionMismatch(task, expectedVersion) is { } mismatch)
            {
                return mismatch;
            }

            return CompleteCore(task, reason);
        }
    }

    private RoutingResult WrapUpCore(RoutingTask task, string? reason)
    {
        if (task.Status != TaskAssignmentStatus.Assigned)
        {
            return Conflict(task, $"Task is {task.Status.WireName()}; only an assigned task can move to wrapping");
        }

        var reservation = task.AcceptedReservation!;
        task.Status = TaskAssignmentStatus.Wrapping;
        task.Reason = reason ?? task.Reason;
        reservation.Status = ReservationStatus.Wrapping;
        reservation.UpdatedAt = Now;
        Emit(EventTypes.ReservationWrapup, reservation.Sid, reservation: reservation);
        Emit(EventTypes.TaskWrapup, task.Sid, task);
        return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task), ReservationSnapshot.Of(reservation));
    }

    private RoutingResult CompleteCore(RoutingTask task, string? reason)
    {
        if (task.Status is not (TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping))
        {
            return Conflict(task, $"Task is {task.Status.WireName()}; only an assigned or wrapping task can be completed");
        }

        var reservation = task.AcceptedReservation!;
        EndReservation(reservation, ReservationStatus.Completed, EventTypes.ReservationCompleted);
        task.Status = TaskAssignmentStatus.Completed;
        task.Reason = reason ?? task.Reason;
        Emit(EventTypes.TaskCompleted, task.Sid, task, description: task.Reason);
        OfferWork(reservation.Worker);
        return new RoutingResult(RoutingOutcome.Done, TaskSnapshot.Of(task), ReservationSnapshot.Of(reservation));
    }

    private void CancelCore(RoutingTask task, string? reason)
    {
        task.Status = TaskAssignmentStatus.Canceled;
        task.Reason = reason;
        LeaveRouting(task);
        var freed = new List<RoutingWorker>();
        foreach (var reservation in task.Reservations.Where(r => r.Status == ReservationStatus.Pending).ToList())
        {
            EndReservation(reservation, ReservationStatus.Canceled, EventTypes.ReservationCanceled, reason);
            freed.Add(reservation.Worker);
        }

        Emit(EventTypes.TaskCanceled, task.Sid, task, description: reason);
        foreach (var worker in freed)
        {
            OfferWork(worker);
        }
    }

    /// <summary>Takes a task out of every routing structure: waiting index and its timers.</summary>
    private void LeaveRouting(RoutingTask task)
    {
        _waiting.Remove(task);
        _timers.Cancel(task.TargetTimeout);
        _timers.Cancel(task.TimeToLive);
        task.TargetTimeout = null;
        task.TimeToLive = null;
    }

    /// <summary>Puts a routing task in its queue's waiting set when it can take another reservation.</summary>
    private void ReindexTask(RoutingTask task)
    {
        _waiting.Remove(task);
        if (task.Status.IsRouting() && task.Queue is { } queue && !task.WorkflowTimedOut
            && task.PendingReservations < queue.Definition.MaxReservedWorkers)
        {
            _waiting.Add(queue, task);
        }
    }

    private static RoutingResult? VersionMismatch(RoutingTask task, int? expectedVersion) =>
        expectedVersion is { } expected && expected != task.Version
            ? new RoutingResult(RoutingOutcome.PreconditionFailed, TaskSnapshot.Of(task), Message: $"Task {task.Sid} is at version {task.Version}, not {expected}")
            : null;

    private static RoutingResult Conflict(RoutingTask task, string message) =>
        new(RoutingOutcome.Conflict, TaskSnapshot.Of(task), Message: message);
}
