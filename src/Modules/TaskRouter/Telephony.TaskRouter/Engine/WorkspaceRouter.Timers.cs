using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

// Time: the engine never sleeps. It says what is due and does it when asked, so a durable scheduler
// (a Hangfire job, a hosted timer, a test's FakeTimeProvider) drives it.
internal sealed partial class WorkspaceRouter
{
    /// <summary>When the earliest timer (reservation timeout, target timeout, task TTL) is due, or null.</summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            lock (_lock)
            {
                return _timers.NextDueAt;
            }
        }
    }

    /// <summary>The timers due at or before <paramref name="until"/>, earliest first (for a scheduler to persist).</summary>
    public IReadOnlyList<DueTimer> DueUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            return _timers.DueUntil(until);
        }
    }

    /// <summary>Fires every timer due now, in due order. Firing twice is harmless: a fired timer is gone.</summary>
    /// <returns>How many timers fired.</returns>
    public int RunDue()
    {
        lock (_lock)
        {
            var now = Now;
            var fired = 0;
            while (_timers.TakeDue(now) is { } timer)
            {
                fired++;
                Fire(timer);
            }

            return fired;
        }
    }

    private void Fire(DueTimer timer)
    {
        switch (timer.Kind)
        {
            case DueKind.ReservationTimeout when _reservations.TryGetValue(timer.Sid, out var reservation) && reservation.Timeout == timer:
                reservation.Timeout = null;
                TimeOutReservation(reservation);
                break;
            case DueKind.TargetTimeout when _tasks.TryGetValue(timer.Sid, out var task) && task.TargetTimeout == timer:
                Escalate(task);
                break;
            case DueKind.TaskTimeToLive when _tasks.TryGetValue(timer.Sid, out var task) && task.TimeToLive == timer && task.Status.IsRouting():
                task.TimeToLive = null;
                CancelCore(task, TimeToLiveReason);
                break;
        }
    }
}
