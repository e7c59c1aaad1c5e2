using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// Activities, task channels, queues and workflows: rare administrative changes, allowed to walk the workers.
internal sealed partial class WorkspaceRouter
{
    public void UpsertActivity(RoutingActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_lock)
        {
            var changed = _activities.TryGetValue(activity.Sid, out var previous) && previous != activity;
            _activities[activity.Sid] = activity;
            if (!changed)
            {
                return;
            }

            // A renamed activity (the API never changes availability): its workers stay in it, since when they entered it, with no event.
            var renamed = previous!.Available == activity.Available;
            foreach (var worker in _workers.Values.Where(worker => worker.Activity.Sid == activity.Sid).ToList())
            {
                if (renamed)
                {
                    worker.Activity = activity;
                    continue;
                }

                AvailableWorkers.RemoveAll(worker);
                SetActivity(worker, activity);
                IndexWorker(worker);
                OfferWork(worker);
            }
        }
    }

    public void AddTaskChannel(string uniqueName, string? sid = null)
    {
        lock (_lock)
        {
            if (sid is not null)
            {
                _taskChannelSids[uniqueName] = sid;
            }

            if (!_taskChannels.Add(uniqueName))
            {
                return;
            }

            foreach (var worker in _workers.Values)
            {
                AvailableWorkers.RemoveAll(worker);
                worker.Channels[uniqueName] = new WorkerChannel(worker, uniqueName, capacity: 1, available: true, Now);
                IndexWorker(worker);
            }
        }
    }

    /// <summary>
    /// A deleted channel is no longer found by <see cref="FindTaskChannel"/>. Routing keeps its name:
    /// no active task uses it (the API refuses the delete otherwise).
    /// </summary>
    public void ForgetTaskChannel(string sid)
    {
        lock (_lock)
        {
            foreach (var (name, _) in _taskChannelSids.Where(channel => channel.Value == sid).ToList())
            {
                _taskChannelSids.Remove(name);
            }
        }
    }

    /// <summary>A stored channel by sid or unique name, as the API names it; null when unknown here.</summary>
    public (string Sid, string UniqueName)? FindTaskChannel(string sidOrUniqueName)
    {
        lock (_lock)
        {
            if (_taskChannelSids.TryGetValue(sidOrUniqueName, out var sid))
            {
                return (sid, sidOrUniqueName);
            }

            foreach (var (name, channelSid) in _taskChannelSids)
            {
                if (channelSid == sidOrUniqueName)
                {
                    return (channelSid, name);
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Removes a deleted activity, refused while a worker is in it: the rows may not show yet a worker
    /// the engine has just moved into it. No worker can enter it afterwards.
    /// </summary>
    public RoutingResult RemoveActivity(string activitySid)
    {
        lock (_lock)
        {
            var workers = _workers.Values.Count(worker => worker.Activity.Sid == activitySid);
            if (workers > 0)
            {
                return new RoutingResult(RoutingOutcome.Conflict, Message: $"Activity {activitySid} is in use: {workers} worker(s) are in it. Move them to another activity first.");
            }

            _activities.Remove(activitySid);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>Adds or replaces a queue and recomputes which workers its <c>TargetWorkers</c> selects. A removed queue stays removed.</summary>
    public void UpsertQueue(QueueDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_lock)
        {
            if (_removedQueues.Contains(definition.Sid))
            {
                return;
            }

            if (!_queues.TryGetValue(definition.Sid, out var queue))
            {
                queue = new RoutingQueue(definition);
                _queues[definition.Sid] = queue;
            }
            else
            {
                var reorder = queue.Definition.TaskOrder != definition.TaskOrder;
                queue.Definition = definition;
                if (reorder)
                {
                    WaitingTasks.Reorder(queue);
                }
            }

            var joined = new List<RoutingWorker>();
            foreach (var worker in _workers.Values)
            {
                var member = definition.TargetWorkers(worker);
                if (member == worker.Queues.Contains(queue))
                {
                    continue;
                }

                AvailableWorkers.RemoveAll(worker);
                if (member)
                {
                    Join(worker, queue);
                    joined.Add(worker);
                }
                else
                {
                    Leave(worker, queue);
                }

                IndexWorker(worker);
            }

            foreach (var worker in joined)
            {
                OfferWork(worker);
            }
        }
    }

    /// <summary>
    /// Removes a deleted queue: its workers leave it, and a task whose (older) workflow configuration
    /// still names it skips that target. Refused while an active task is in it or a reservation made
    /// through it holds a worker (a restart restores that reservation through its queue).
    /// </summary>
    public RoutingResult RemoveQueue(string queueSid)
    {
        lock (_lock)
        {
            if (!_queues.TryGetValue(queueSid, out var queue))
            {
                return RoutingResult.NotFound($"Task queue {queueSid} not found");
            }

            // A configuration change, so it may walk the tasks.
            if (_tasks.Values.FirstOrDefault(task => task.Queue == queue && task.Status is not (TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled)) is { } active)
            {
                return new RoutingResult(RoutingOutcome.Conflict, Message: $"Task queue {queueSid} holds active task {active.Sid}; complete or cancel it first.");
            }

            if (_reservations.Values.FirstOrDefault(reservation => reservation.Queue == queue && reservation.Status.HoldsCapacity()) is { } held)
            {
                return new RoutingResult(RoutingOutcome.Conflict, Message: $"Task queue {queueSid} made reservation {held.Sid} of task {held.Task.Sid}, which is not finished; complete or cancel the task first.");
            }

            foreach (var worker in _workers.Values.Where(worker => worker.Queues.Contains(queue)))
            {
                AvailableWorkers.RemoveAll(worker);
                Leave(worker, queue);
                IndexWorker(worker);
            }

            _queues.Remove(queueSid);
            _removedQueues.Add(queueSid);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>Brings back a queue whose removal could not be stored (the row is still there).</summary>
    public void ReinstateQueue(QueueDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_lock)
        {
            _removedQueues.Remove(definition.Sid);
        }

        UpsertQueue(definition);
    }

    /// <summary>Adds or replaces a workflow. Tasks already routing keep the configuration they entered with until re-evaluated.</summary>
    public void UpsertWorkflow(RoutingWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        lock (_lock)
        {
            _workflows[workflow.Sid] = workflow;
        }
    }

    /// <summary>A deleted workflow takes no new tasks; tasks still holding its configuration keep it (the API refuses the delete while any is active).</summary>
    public void RemoveWorkflow(string workflowSid)
    {
        lock (_lock)
        {
            _workflows.Remove(workflowSid);
        }
    }

    /// <summary>The workspace's workflow when it has exactly one (a task may leave its workflow out then).</summary>
    public string? OnlyWorkflow()
    {
        lock (_lock)
        {
            return _workflows.Count == 1 ? _workflows.Keys.Single() : null;
        }
    }

    /// <summary>The workflow's name as configured now (a task keeps the configuration it entered with, not its name).</summary>
    public string? WorkflowName(string workflowSid)
    {
        lock (_lock)
        {
            return _workflows.TryGetValue(workflowSid, out var workflow) ? workflow.FriendlyName : null;
        }
    }

    /// <summary>
    /// Twilio's <c>ReEvaluateTasks</c>: the workflow's pending tasks take its current configuration and are
    /// evaluated afresh. Reserved and assigned tasks keep what they have. A configuration change, so it may walk the tasks.
    /// </summary>
    public int ReevaluateTasks(string workflowSid)
    {
        lock (_lock)
        {
            if (!_workflows.TryGetValue(workflowSid, out var workflow))
            {
                return 0;
            }

            var pending = _tasks.Values.Where(task => task.Workflow.Sid == workflowSid && task.Status == TaskAssignmentStatus.Pending).ToList();
            foreach (var task in pending)
            {
                _waiting.Remove(task);
                task.Workflow = workflow;
                EvaluateWorkflow(task, fromFilter: 0);
            }

            return pending.Count;
        }
    }
}
