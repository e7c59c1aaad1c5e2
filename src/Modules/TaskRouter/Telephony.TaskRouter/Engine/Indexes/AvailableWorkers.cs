using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine.Indexes;

/// <summary>
/// Per queue and task channel, the member workers that can take a reservation now (available
/// activity, channel available, free capacity), in the default order: least consumed capacity
/// (as a fraction of the channel's capacity) first, then idle longest. The sets live on the queues;
/// a worker channel's keys change only while it is out of them.
/// </summary>
internal static class AvailableWorkers
{
    public static readonly Comparer<WorkerChannel> DefaultOrder = Comparer<WorkerChannel>.Create((left, right) =>
    {
        // used/capacity compared without division: left.Used * right.Capacity vs right.Used * left.Capacity.
        var byLoad = ((long)left.Used * right.Capacity).CompareTo((long)right.Used * left.Capacity);
        if (byLoad != 0)
        {
            return byLoad;
        }

        var byIdle = left.IdleSince.CompareTo(right.IdleSince);
        return byIdle != 0 ? byIdle : left.Worker.Sequence.CompareTo(right.Worker.Sequence);
    });

    public static void Add(RoutingQueue queue, WorkerChannel channel)
    {
        if (!queue.AvailableByChannel.TryGetValue(channel.Name, out var set))
        {
            set = new SortedSet<WorkerChannel>(DefaultOrder);
            queue.AvailableByChannel[channel.Name] = set;
        }

        if (set.Add(channel))
        {
            channel.IndexedIn.Add(queue);
        }
    }

    public static void Remove(WorkerChannel channel)
    {
        foreach (var queue in channel.IndexedIn)
        {
            queue.AvailableByChannel[channel.Name].Remove(channel);
        }

        channel.IndexedIn.Clear();
    }

    public static void RemoveAll(RoutingWorker worker)
    {
        foreach (var channel in worker.Channels.Values)
        {
            Remove(channel);
        }
    }

    /// <summary>Workers of a queue who can take a task on a channel now, default order.</summary>
    public static IEnumerable<WorkerChannel> InOrder(RoutingQueue queue, string channel) =>
        queue.AvailableByChannel.TryGetValue(channel, out var set) ? set : [];
}
