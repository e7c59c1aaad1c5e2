using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine.Indexes;

/// <summary>
/// Per queue and task channel, the member workers that can take a reservation now (available
/// activity, channel available, free capacity), in the default order: least consumed capacity
/// (as a fraction of the channel's capacity) first, then idle longest. A worker's keys change
/// only while it is out of the sets.
/// </summary>
internal sealed class AvailableWorkers
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

    private readonly Dictionary<(string Queue, string Channel), SortedSet<WorkerChannel>> _sets = [];

    public int Count { get; private set; }

    public void Add(RoutingQueue queue, WorkerChannel channel)
    {
        if (!_sets.TryGetValue((queue.Sid, channel.Name), out var set))
        {
            set = new SortedSet<WorkerChannel>(DefaultOrder);
            _sets[(queue.Sid, channel.Name)] = set;
        }

        if (set.Add(channel))
        {
            Count++;
            channel.Worker.IndexedIn.Add((queue, channel));
        }
    }

    public void RemoveAll(RoutingWorker worker)
    {
        foreach (var (queue, channel) in worker.IndexedIn)
        {
            if (_sets.TryGetValue((queue.Sid, channel.Name), out var set) && set.Remove(channel))
            {
                Count--;
            }
        }

        worker.IndexedIn.Clear();
    }

    /// <summary>Workers of a queue who can take a task on a channel now, default order.</summary>
    public IEnumerable<WorkerChannel> InOrder(RoutingQueue queue, string channel) =>
        _sets.TryGetValue((queue.Sid, channel), out var set) ? set : [];
}
