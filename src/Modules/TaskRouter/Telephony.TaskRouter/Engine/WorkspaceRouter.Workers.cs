using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// Workers: creation, attributes, activity, channels; membership and the available-worker index.
internal sealed partial class WorkspaceRouter
{
    /// <param name="channelCapacities">Configured capacity per task channel; channels not named get capacity 1.</param>
    /// <param name="unavailableChannels">Task channels the worker has switched off (restored from the database).</param>
    /// <param name="activityChangedAt">When the worker entered its activity (restored from the database; now for a new worker).</param>
    public RoutingResult AddWorker(string sid, string friendlyName, string attributesJson, string activitySid, IReadOnlyDictionary<string, int>? channelCapacities = null, IReadOnlySet<string>? unavailableChannels = null, DateTimeOffset? activityChangedAt = null)
    {
        lock (_lock)
        {
            if (!_activities.TryGetValue(activitySid, out var activity))
            {
                return RoutingResult.NotFound($"Activity {activitySid} not found");
            }

            if (_workers.ContainsKey(sid) || _workersByFriendlyName.ContainsKey(friendlyName))
            {
                return new RoutingResult(RoutingOutcome.Conflict, Message: $"Worker {sid} or '{friendlyName}' already exists");
            }

            var now = Now;
            var worker = new RoutingWorker(sid, friendlyName, new RoutingAttributes(attributesJson), activity, NextSequence()) { ActivityChangedAt = activityChangedAt ?? now };
            foreach (var channel in _taskChannels)
            {
                var capacity = channelCapacities is not null && channelCapacities.TryGetValue(channel, out var configured) ? configured : 1;
                worker.Channels[channel] = new WorkerChannel(worker, channel, capacity, available: unavailableChannels?.Contains(channel) != true, now);
            }

            _workers[sid] = worker;
            _workersByFriendlyName[friendlyName] = worker;
            foreach (var queue in _queues.Values.Where(queue => queue.Definition.TargetWorkers(worker)))
            {
                Join(worker, queue);
            }

            IndexWorker(worker);
            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done, Message: sid);
        }
    }

    /// <summary>Removes a worker; refused while it holds reservations (the resources answer 409, as Twilio does).</summary>
    public RoutingResult RemoveWorker(string sid)
    {
        lock (_lock)
        {
            if (!_workers.TryGetValue(sid, out var worker))
            {
                return RoutingResult.NotFound($"Worker {sid} not found");
            }

            if (worker.ActiveReservations.Count > 0)
            {
                return new RoutingResult(RoutingOutcome.Conflict, Message: $"Worker {sid} holds {worker.ActiveReservations.Count} reservation(s)");
            }

            AvailableWorkers.RemoveAll(worker);
            foreach (var queue in worker.Queues.ToList())
            {
                Leave(worker, queue);
            }

            _workers.Remove(sid);
            _workersByFriendlyName.Remove(worker.FriendlyName);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>New attributes and/or a new friendly name (both visible to expressions): membership is recomputed.</summary>
    public RoutingResult UpdateWorkerAttributes(string sid, string attributesJson, string? friendlyName = null)
    {
        lock (_lock)
        {
            if (!_workers.TryGetValue(sid, out var worker))
            {
                return RoutingResult.NotFound($"Worker {sid} not found");
            }

            if (friendlyName is not null && friendlyName != worker.FriendlyName)
            {
                if (_workersByFriendlyName.ContainsKey(friendlyName))
                {
                    return new RoutingResult(RoutingOutcome.Conflict, Message: $"A worker named '{friendlyName}' already exists");
                }

                _workersByFriendlyName.Remove(worker.FriendlyName);
                worker.FriendlyName = friendlyName;
                _workersByFriendlyName[friendlyName] = worker;
            }

            AvailableWorkers.RemoveAll(worker);
            worker.Attributes = new RoutingAttributes(attributesJson);
            foreach (var queue in _queues.Values)
            {
                var member = queue.Definition.TargetWorkers(worker);
                if (member && !worker.Queues.Contains(queue))
                {
                    Join(worker, queue);
                }
                else if (!member && worker.Queues.Contains(queue))
                {
                    Leave(worker, queue);
                }
            }

            IndexWorker(worker);
            Emit(EventTypes.WorkerAttributesUpdate, sid, worker: worker);
            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>
    /// Moves a worker to an activity. With <paramref name="rejectPendingReservations"/> and an
    /// unavailable activity, its pending reservations are rejected (and not offered to it again).
    /// </summary>
    public RoutingResult UpdateWorkerActivity(string sid, string activitySid, bool rejectPendingReservations = false)
    {
        lock (_lock)
        {
            if (!_workers.TryGetValue(sid, out var worker))
            {
                return RoutingResult.NotFound($"Worker {sid} not found");
            }

            if (!_activities.TryGetValue(activitySid, out var activity))
            {
                return RoutingResult.NotFound($"Activity {activitySid} not found");
            }

            AvailableWorkers.RemoveAll(worker);
            SetActivity(worker, activity);
            IndexWorker(worker);
            if (rejectPendingReservations && !activity.Available)
            {
                foreach (var reservation in worker.ActiveReservations.Values.Where(r => r.Status == ReservationStatus.Pending).ToList())
                {
                    RejectCore(reservation);
                }
            }

            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    /// <summary>Changes a worker channel's configured capacity and/or availability.</summary>
    public RoutingResult UpdateWorkerChannel(string sid, string channelName, int? capacity = null, bool? available = null)
    {
        lock (_lock)
        {
            if (!_workers.TryGetValue(sid, out var worker) || !worker.Channels.TryGetValue(channelName, out var channel))
            {
                return RoutingResult.NotFound($"Worker channel {sid}/{channelName} not found");
            }

            AvailableWorkers.RemoveAll(worker);
            if (capacity is { } newCapacity && newCapacity != channel.Capacity)
            {
                channel.Capacity = newCapacity;
                Emit(EventTypes.WorkerCapacityUpdate, sid, worker: worker, description: $"{channelName}={newCapacity}");
            }

            if (available is { } newAvailable && newAvailable != channel.Available)
            {
                channel.Available = newAvailable;
                Emit(EventTypes.WorkerChannelAvailabilityUpdate, sid, worker: worker, description: $"{channelName}={newAvailable}");
            }

            IndexWorker(worker);
            OfferWork(worker);
            return new RoutingResult(RoutingOutcome.Done);
        }
    }

    private bool CanTakeNow(WorkerChannel channel) =>
        channel.Worker.Activity.Available
        && channel.Available
        && channel.Capacity > 0
        && (Settings.MultiTaskEnabled ? channel.Used < channel.Capacity : channel.Worker.ActiveReservations.Count == 0);

    /// <summary>Puts the worker in the (queue, channel) sets it belongs in now. Call with the worker out of them.</summary>
    private void IndexWorker(RoutingWorker worker)
    {
        foreach (var channel in worker.Channels.Values)
        {
            IndexChannel(channel);
        }
    }

    private void IndexChannel(WorkerChannel channel)
    {
        if (!CanTakeNow(channel))
        {
            return;
        }

        foreach (var queue in channel.Worker.Queues)
        {
            AvailableWorkers.Add(queue, channel);
        }
    }

    /// <summary>
    /// Before a channel's load changes. Multitasking: only that channel's entries move. Single
    /// tasking: the load of one channel decides all of them, so the whole worker leaves.
    /// </summary>
    private void UnindexForLoadChange(WorkerChannel channel)
    {
        if (Settings.MultiTaskEnabled)
        {
            AvailableWorkers.Remove(channel);
        }
        else
        {
            AvailableWorkers.RemoveAll(channel.Worker);
        }
    }

    private void IndexAfterLoadChange(WorkerChannel channel)
    {
        if (Settings.MultiTaskEnabled)
        {
            IndexChannel(channel);
        }
        else
        {
            IndexWorker(channel.Worker);
        }
    }

    private void ReindexWorker(RoutingWorker worker)
    {
        AvailableWorkers.RemoveAll(worker);
        IndexWorker(worker);
    }

    /// <summary>Changes the activity of a worker that is out of the index, keeping queue counts and idle times right.</summary>
    private void SetActivity(RoutingWorker worker, RoutingActivity activity)
    {
        var previous = worker.Activity;
        if (previous == activity)
        {
            return;
        }

        foreach (var queue in worker.Queues)
        {
            CountMember(queue, previous, -1);
            CountMember(queue, activity, +1);
        }

        var now = Now;
        var left = new ActivityChange(previous.Sid, previous.FriendlyName, now - worker.ActivityChangedAt);
        worker.Activity = activity;
        worker.ActivityChangedAt = now;
        if (activity.Available && !previous.Available)
        {
            foreach (var channel in worker.Channels.Values)
            {
                channel.IdleSince = now;
            }
        }

        Emit(EventTypes.WorkerActivityUpdate, worker.Sid, worker: worker, description: $"{previous.FriendlyName} -> {activity.FriendlyName}", previousActivity: left);
    }

    private static void Join(RoutingWorker worker, RoutingQueue queue)
    {
        worker.Queues.Add(queue);
        queue.MemberCount++;
        CountMember(queue, worker.Activity, +1);
    }

    private static void Leave(RoutingWorker worker, RoutingQueue queue)
    {
        worker.Queues.Remove(queue);
        queue.MemberCount--;
        CountMember(queue, worker.Activity, -1);
    }

    private static void CountMember(RoutingQueue queue, RoutingActivity activity, int delta)
    {
        if (activity.Available)
        {
            queue.AvailableMemberCount += delta;
        }

        var count = queue.MembersByActivity.GetValueOrDefault(activity.Sid) + delta;
        if (count == 0)
        {
            queue.MembersByActivity.Remove(activity.Sid);
        }
        else
        {
            queue.MembersByActivity[activity.Sid] = count;
        }
    }
}
