using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine.Indexes;

/// <summary>
/// Per queue and task channel, the tasks that can still take a reservation, in the queue's order:
/// FIFO is priority (higher first) then age (older first); LIFO is newest first, ignoring priority.
/// A task's sort keys change only while it is out of the set.
/// </summary>
internal sealed class WaitingTasks
{
    public static readonly Comparer<RoutingTask> Fifo = Comparer<RoutingTask>.Create((left, right) =>
    {
        var byPriority = right.Priority.CompareTo(left.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byAge = left.CreatedAt.CompareTo(right.CreatedAt);
        return byAge != 0 ? byAge : left.Sequence.CompareTo(right.Sequence);
    });

    public static readonly Comparer<RoutingTask> Lifo = Comparer<RoutingTask>.Create((left, right) =>
    {
        var byAge = right.CreatedAt.CompareTo(left.CreatedAt);
        return byAge != 0 ? byAge : right.Sequence.CompareTo(left.Sequence);
    });

    private readonly Dictionary<(string Queue, string Channel), SortedSet<RoutingTask>> _sets = [];

    public int Count { get; private set; }

    public void Add(RoutingQueue queue, RoutingTask task)
    {
        if (!_sets.TryGetValue((queue.Sid, task.Channel), out var set))
        {
            set = new SortedSet<RoutingTask>(OrderOf(queue));
            _sets[(queue.Sid, task.Channel)] = set;
        }

        if (set.Add(task))
        {
            Count++;
            task.IndexedIn = queue;
        }
    }

    public void Remove(RoutingTask task)
    {
        if (task.IndexedIn is { } queue && _sets.TryGetValue((queue.Sid, task.Channel), out var set) && set.Remove(task))
        {
            Count--;
        }

        task.IndexedIn = null;
    }

    /// <summary>Waiting tasks of a queue on a channel, best first.</summary>
    public IEnumerable<RoutingTask> InOrder(RoutingQueue queue, string channel) =>
        _sets.TryGetValue((queue.Sid, channel), out var set) ? set : [];

    public bool Contains(RoutingTask task) =>
        task.IndexedIn is { } queue && _sets.TryGetValue((queue.Sid, task.Channel), out var set) && set.Contains(task);

    /// <summary>Re-sorts a queue's sets after its <c>TaskOrder</c> changed.</summary>
    public void Reorder(RoutingQueue queue)
    {
        foreach (var key in _sets.Keys.Where(key => key.Queue == queue.Sid).ToList())
        {
            _sets[key] = new SortedSet<RoutingTask>(_sets[key], OrderOf(queue));
        }
    }

    public static Comparer<RoutingTask> OrderOf(RoutingQueue queue) =>
        queue.Definition.TaskOrder == QueueTaskOrder.Lifo ? Lifo : Fifo;
}
