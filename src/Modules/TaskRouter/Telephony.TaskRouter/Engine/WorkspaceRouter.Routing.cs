using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// The routing decisions: which step a task is at, which workers it is offered to, which task a
// freed worker gets.
internal sealed partial class WorkspaceRouter
{
    /// <summary>
    /// The first filter (from <paramref name="fromFilter"/>) whose expression matches wins and its
    /// targets run top to bottom; a filter whose targets were all skipped counts as not matched;
    /// the default filter takes what is left.
    /// </summary>
    private void EvaluateWorkflow(RoutingTask task, int fromFilter)
    {
        task.NeedsEvaluation = false;
        var filters = task.Workflow.Filters;
        for (var index = fromFilter; index < filters.Count; index++)
        {
            if (filters[index].Matches(task) && EnterTargets(task, index, fromTarget: 0))
            {
                return;
            }
        }

        EnterDefaultFilter(task);
    }

    /// <returns>False when every remaining target was skipped (the caller goes on to the next filters).</returns>
    private bool EnterTargets(RoutingTask task, int filterIndex, int fromTarget)
    {
        var targets = task.Workflow.Filters[filterIndex].Targets;
        var now = Now;
        for (var index = fromTarget; index < targets.Count; index++)
        {
            var target = targets[index];
            var deadline = CumulativeDeadline(task, targets, index);
            if (deadline <= now)
            {
                // The task is already older than this target allows (re-evaluated late): go past it.
                if (index == targets.Count - 1)
                {
                    TimeOutOfWorkflow(task);
                    return true;
                }

                continue;
            }

            if (!_queues.TryGetValue(target.QueueSid!, out var queue))
            {
                continue;
            }

            EnterStep(task, new RoutingStep(filterIndex, index, target), queue, deadline);
            var reserved = OfferTask(task);
            if (reserved == 0 && target.SkipIf is { } skipIf && skipIf(task, queue.Counts()))
            {
                Emit(EventTypes.WorkflowSkipped, task.Workflow.Sid, task, queue: queue, description: task.Step!.Path);
                LeaveStep(task);
                continue;
            }

            return true;
        }

        return false;
    }

    private void EnterDefaultFilter(RoutingTask task)
    {
        if (task.Workflow.DefaultTarget is { } target && _queues.TryGetValue(target.QueueSid!, out var queue))
        {
            EnterStep(task, new RoutingStep(RoutingStep.DefaultFilter, 0, target), queue, deadline: null);
            OfferTask(task);
            return;
        }

        // No default filter: the task waits unqueued until its attributes change or its TTL ends.
        LeaveStep(task);
        task.Queue = null;
        Emit(EventTypes.StateChanged, task.Sid, task);
    }

    /// <summary>Target timeouts are cumulative against the task's age: target i ends at created + timeout[0] + ... + timeout[i].</summary>
    private static DateTimeOffset? CumulativeDeadline(RoutingTask task, IReadOnlyList<WorkflowTarget> targets, int index)
    {
        if (targets[index].Timeout is null)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        for (var earlier = 0; earlier <= index; earlier++)
        {
            total += targets[earlier].Timeout ?? TimeSpan.Zero;
        }

        return task.CreatedAt + total;
    }

    private void EnterStep(RoutingTask task, RoutingStep step, RoutingQueue queue, DateTimeOffset? deadline)
    {
        _waiting.Remove(task);
        var previous = task.Queue;
        task.Step = step;
        if (step.Target.Priority is { } priority)
        {
            task.Priority = priority;
        }

        _timers.Cancel(task.TargetTimeout);
        task.TargetTimeout = deadline is { } due ? _timers.Schedule(due, DueKind.TargetTimeout, task.Sid) : null;
        Emit(EventTypes.WorkflowTargetMatched, task.Workflow.Sid, task, queue: queue, description: step.Path);
        if (previous != queue)
        {
            if (previous is not null)
            {
                Emit(EventTypes.TaskQueueMoved, queue.Sid, task, queue: queue, description: $"from {previous.Sid}");
            }

            task.Queue = queue;
            task.QueueEnteredAt = Now;
            Emit(EventTypes.TaskQueueEntered, queue.Sid, task, queue: queue);
        }

        ReindexTask(task);
    }

    private void LeaveStep(RoutingTask task)
    {
        _waiting.Remove(task);
        _timers.Cancel(task.TargetTimeout);
        task.TargetTimeout = null;
        task.Step = null;
    }

    /// <summary>A target's timeout came: the next target, or after the last one, cancel (once no reservation is pending).</summary>
    private void Escalate(RoutingTask task)
    {
        task.TargetTimeout = null;
        var step = task.Step!;
        Emit(EventTypes.TaskQueueTimeout, task.Queue!.Sid, task, description: step.Path);
        var targets = task.Workflow.Filters[step.FilterIndex].Targets;
        if (step.TargetIndex == targets.Count - 1)
        {
            TimeOutOfWorkflow(task);
            return;
        }

        if (!EnterTargets(task, step.FilterIndex, step.TargetIndex + 1))
        {
            EvaluateWorkflow(task, step.FilterIndex + 1);
        }
    }

    private void TimeOutOfWorkflow(RoutingTask task)
    {
        Emit(EventTypes.WorkflowTimeout, task.Workflow.Sid, task);
        if (task.PendingReservations > 0)
        {
            // A worker is being offered the task right now: let that offer finish; cancel if it ends unaccepted.
            task.WorkflowTimedOut = true;
            _waiting.Remove(task);
            return;
        }

        CancelCore(task, WorkflowTimeoutReason);
    }

    /// <summary>Offers a routing task to as many eligible workers as its queue allows at once.</summary>
    /// <returns>How many reservations were made.</returns>
    private int OfferTask(RoutingTask task)
    {
        if (!task.Status.IsRouting() || task.Queue is not { } queue || task.Step is not { } step || task.WorkflowTimedOut)
        {
            return 0;
        }

        var slots = queue.Definition.MaxReservedWorkers - task.PendingReservations;
        if (slots <= 0)
        {
            return 0;
        }

        var chosen = ChooseWorkers(task, queue, step.Target, slots);
        foreach (var channel in chosen)
        {
            Reserve(task, channel, queue);
        }

        return chosen.Count;
    }

    private List<WorkerChannel> ChooseWorkers(RoutingTask task, RoutingQueue queue, WorkflowTarget target, int slots)
    {
        if (target.NamesKnownWorker)
        {
            var known = KnownWorker(task, target);
            return known is not null && known.Channels.TryGetValue(task.Channel, out var channel)
                && channel.IndexedIn.Contains(queue) && IsEligible(task, known, target)
                ? [channel]
                : [];
        }

        var candidates = AvailableWorkers.InOrder(queue, task.Channel).Where(channel => IsEligible(task, channel.Worker, target));
        if (target.OrderBy is { } orderBy)
        {
            // order_by first; equal workers keep the default order (idle longest), since OrderBy is stable.
            candidates = candidates.OrderBy(channel => channel.Worker, orderBy);
        }

        return [.. candidates.Take(slots)];
    }

    private RoutingWorker? KnownWorker(RoutingTask task, WorkflowTarget target)
    {
        if (target.KnownWorkerSid?.Invoke(task) is { } sid)
        {
            return _workers.GetValueOrDefault(sid);
        }

        return target.KnownWorkerFriendlyName?.Invoke(task) is { } name ? _workersByFriendlyName.GetValueOrDefault(name) : null;
    }

    /// <summary>
    /// The worker may be offered the task at its current step: it has not rejected it, holds no
    /// reservation for it, is the known worker when the target names one, and matches the target's
    /// expression. (Queue membership, activity and capacity are what the index already guarantees.)
    /// </summary>
    private bool IsEligible(RoutingTask task, RoutingWorker worker, WorkflowTarget target)
    {
        if (task.RejectedBy.Contains(worker.Sid) || worker.ActiveReservations.Values.Any(reservation => reservation.Task == task))
        {
            return false;
        }

        if (target.NamesKnownWorker && KnownWorker(task, target) != worker)
        {
            return false;
        }

        return target.Expression is not { } expression || expression(task, worker);
    }

    /// <summary>
    /// Gives a worker with free capacity the best waiting task it is eligible for, repeatedly, until
    /// it has no capacity or nothing fits. Per (queue, channel) the first eligible task in queue order;
    /// across queues, the queue kind named by <c>PrioritizeQueueOrder</c> first, then that kind's order.
    /// </summary>
    private void OfferWork(RoutingWorker worker)
    {
        while (worker.Activity.Available && BestTaskFor(worker) is { } best)
        {
            Reserve(best, worker.Channels[best.Channel], best.Queue!);
        }
    }

    private RoutingTask? BestTaskFor(RoutingWorker worker)
    {
        RoutingTask? best = null;
        foreach (var channel in worker.Channels.Values)
        {
            if (channel.IndexedIn.Count == 0 || !_waiting.AnyOn(channel.Name))
            {
                continue;
            }

            foreach (var queue in channel.IndexedIn)
            {
                foreach (var task in WaitingTasks.InOrder(queue, channel.Name))
                {
                    if (!IsEligible(task, worker, task.Step!.Target))
                    {
                        continue;
                    }

                    if (best is null || IsBetter(task, best))
                    {
                        best = task;
                    }

                    break;
                }
            }
        }

        return best;
    }

    private bool IsBetter(RoutingTask candidate, RoutingTask best)
    {
        var candidateOrder = candidate.Queue!.Definition.TaskOrder;
        if (candidateOrder != best.Queue!.Definition.TaskOrder)
        {
            return candidateOrder == Settings.PrioritizeQueueOrder;
        }

        return WaitingTasks.OrderOf(candidate.Queue).Compare(candidate, best) < 0;
    }
}
