using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine.Indexes;

/// <summary>Pending timers ordered by due time; cancelled timers are removed, not skipped.</summary>
internal sealed class DueTimers
{
    private static readonly Comparer<DueTimer> ByDueTime = Comparer<DueTimer>.Create((left, right) =>
    {
        var byTime = left.DueAt.CompareTo(right.DueAt);
        return byTime != 0 ? byTime : left.Sequence.CompareTo(right.Sequence);
    });

    private readonly SortedSet<DueTimer> _timers = new(ByDueTime);
    private long _sequence;

    public DateTimeOffset? NextDueAt => _timers.Count == 0 ? null : _timers.Min!.DueAt;

    public DueTimer Schedule(DateTimeOffset dueAt, DueKind kind, string sid)
    {
        var timer = new DueTimer(dueAt, kind, sid, ++_sequence);
        _timers.Add(timer);
        return timer;
    }

    public void Cancel(DueTimer? timer)
    {
        if (timer is not null)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>Removes and returns the earliest timer due at or before <paramref name="now"/>.</summary>
    public DueTimer? TakeDue(DateTimeOffset now)
    {
        if (_timers.Count == 0 || _timers.Min!.DueAt > now)
        {
            return null;
        }

        var timer = _timers.Min;
        _timers.Remove(timer);
        return timer;
    }

    public IReadOnlyList<DueTimer> DueUntil(DateTimeOffset until) =>
        [.. _timers.TakeWhile(timer => timer.DueAt <= until)];
}
