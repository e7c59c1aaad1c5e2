using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine.Indexes;

/// <summary>
/// Per queue and task channel, the tasks that can still take a reservation, in the queue's order:
/// FIFO is priority (higher first) then age (older first); LIFO is newest first, ignoring priority.
/// The sets live on the queues; a task's sort keys change only while it is out of them.
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

    private readonly Dictionary<string, int> _countByChannel = new(StringComparer.Ordinal);

    /// <summary>Whether any queue has a task waiting on this channel: lets a freed worker skip idle channels at once.</summary>
    public bool AnyOn(string channel) => _countByChannel.GetValueOrDefault(channel) > 0;

    public void Add(RoutingQueue queue, RoutingTask task)
    {
        if (!queue.WaitingByChannel.TryGetValue(task.Channel, out var set))
        {
            set = new SortedSet<RoutingTask>(OrderOf(queue));
            queue.WaitingByChannel[task.Channel] = set;
        }

        if (set.Add(task))
        {
            _countByChannel[task.Channel] = _countByChannel.GetValueOrDefault(task.Channel) + 1;
            task.IndexedIn = queue;
        }
    }

    public void Remove(RoutingTask task)
    {
        if (task.IndexedIn is { } queue && queue.WaitingByChannel[task.Channel].Remove(task))
        {
            _countByChannel[task.Channel]--;
        }

        task.IndexedIn = null;
    }

    /// <summary>Waiting tasks of a queue on a channel, best first.</summary>
    public static IEnumerable<RoutingTask> InOrder(RoutingQueue queue, string channel) =>
        queue.WaitingByChannel.TryGetValue(channel, out var set) ? set : [];

    public static bool Contains(RoutingTask task) =>
        task.IndexedIn is { } queue && queue.WaitingByChannel.TryGetValue(task.Channel, out var set) && set.Contains(task);

    /// <summary>Re-sorts a queue's sets after its <c>TaskOrder</c> changed.</summary>
    public static void Reorder(RoutingQueue queue)
    {
        foreach (var channel in queue.WaitingByChannel.Keys.ToList())
        {
            queue.WaitingByChannel[channel] = new SortedSet<RoutingTask>(queue.WaitingByChannel[channel], OrderOf(queue));
        }
    }

    public static Comparer<RoutingTask> OrderOf(RoutingQueue queue) =>
        queue.Definition.TaskOrder == QueueTaskOrder.Lifo ? Lifo : Fifo;
}
