using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>Whose events a cumulative figure counts: the workspace's, or one queue's, workflow's or worker's.</summary>
internal sealed record EventScope(string WorkspaceSid, string? TaskQueueSid = null, string? WorkflowSid = null, string? WorkerSid = null);

/// <summary>How many events of one type the window holds.</summary>
internal sealed class EventCount
{
    public string EventType { get; set; } = string.Empty;

    public int Count { get; set; }
}

/// <summary>One event with a wait: its type, and the task's age (seconds) and queue entry when it happened.</summary>
internal sealed class WaitedEvent
{
    public string EventType { get; set; } = string.Empty;

    public DateTime EventDate { get; set; }

    public long? TaskAge { get; set; }

    public DateTime? QueueEnteredDate { get; set; }
}

/// <summary>Wait durations in whole seconds, as Twilio's <c>avg</c>/<c>min</c>/<c>max</c>/<c>total</c>, plus percentiles.</summary>
internal sealed record DurationFigures(long Avg, long Min, long Max, long Total, long P50, long P90, long P95, long P99)
{
    public static DurationFigures Of(List<long> seconds)
    {
        if (seconds.Count == 0)
        {
            return new(0, 0, 0, 0, 0, 0, 0, 0);
        }

        seconds.Sort();
        var total = seconds.Sum();
        return new(
            (long)Math.Round((double)total / seconds.Count, MidpointRounding.AwayFromZero),
            seconds[0],
            seconds[^1],
            total,
            Percentile(seconds, 50),
            Percentile(seconds, 90),
            Percentile(seconds, 95),
            Percentile(seconds, 99));
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p% of the values at or below it.</summary>
    private static long Percentile(List<long> sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
}

internal sealed record WaitSplit(int TasksCanceled, int ReservationsAccepted);

internal sealed record SplitFigures(WaitSplit Above, WaitSplit Below);

/// <summary>
/// Cumulative statistics over a window, from the <c>Events</c> table (one row per state change, written by
/// the routing journal). The query is served by the index (WorkspaceSid, EventType, EventDate): an
/// equality, an IN list and a range; the scope and channel are residual filters on those rows.
/// </summary>
internal sealed class CumulativeFigures
{
    private static readonly string[] Counted =
    [
        EventTypes.TaskCreated, EventTypes.TaskCanceled, EventTypes.TaskCompleted, EventTypes.TaskDeleted,
        EventTypes.TaskQueueEntered, EventTypes.TaskQueueMoved, EventTypes.WorkflowEntered, EventTypes.WorkflowTimeout,
        EventTypes.ReservationCreated, EventTypes.ReservationAccepted, EventTypes.ReservationRejected,
        EventTypes.ReservationTimeout, EventTypes.ReservationCanceled, EventTypes.ReservationRescinded,
    ];

    private readonly Dictionary<string, int> _counts;
    private readonly List<long> _accepted = [];
    private readonly List<long> _canceled = [];
    private readonly List<long> _acceptedInQueue = [];

    private CumulativeFigures(StatisticsRequest request, IReadOnlyList<EventCount> counts, IReadOnlyList<WaitedEvent> waits)
    {
        Request = request;
        _counts = counts.ToDictionary(c => c.EventType, c => c.Count, StringComparer.Ordinal);
        foreach (var counted in waits)
        {
            if (counted.EventType == EventTypes.ReservationAccepted)
            {
                _accepted.Add(counted.TaskAge ?? 0);
                if (counted.QueueEnteredDate is { } entered)
                {
                    _acceptedInQueue.Add(Math.Max(0, (long)(counted.EventDate - entered).TotalSeconds));
                }
            }
            else if (counted.EventType == EventTypes.TaskCanceled)
            {
                _canceled.Add(counted.TaskAge ?? 0);
            }
        }
    }

    public StatisticsRequest Request { get; }

    public static async Task<CumulativeFigures> ReadAsync(TaskRouterDb db, EventScope scope, StatisticsRequest request, CancellationToken cancellationToken)
    {
        // Counts are aggregated in SQLite; only the events with a wait (accepts, cancels) come back one by one.
        var counts = await db.Database.SqlQuery<EventCount>($"""
            SELECT e.EventType AS EventType, COUNT(*) AS Count
            FROM Events AS e
            WHERE e.WorkspaceSid = {scope.WorkspaceSid}
              AND e.EventType IN ({Counted[0]}, {Counted[1]}, {Counted[2]}, {Counted[3]}, {Counted[4]}, {Counted[5]}, {Counted[6]},
                                  {Counted[7]}, {Counted[8]}, {Counted[9]}, {Counted[10]}, {Counted[11]}, {Counted[12]}, {Counted[13]})
              AND e.EventDate >= {request.Start} AND e.EventDate <= {request.End}
              AND ({scope.TaskQueueSid} IS NULL OR e.TaskQueueSid = {scope.TaskQueueSid})
              AND ({scope.WorkflowSid} IS NULL OR e.WorkflowSid = {scope.WorkflowSid})
              AND ({scope.WorkerSid} IS NULL OR e.WorkerSid = {scope.WorkerSid})
              AND ({request.TaskChannel} IS NULL OR json_extract(e.EventData, '$.task_channel_unique_name') = {request.TaskChannel})
            GROUP BY e.EventType
            """).ToListAsync(cancellationToken);

        // The in-queue wait needs when the task entered its queue: the task row keeps it (primary-key lookups, accepts only).
        var withQueueEntry = scope.TaskQueueSid is null ? 0 : 1;
        var waits = await db.Database.SqlQuery<WaitedEvent>($"""
            SELECT e.EventType AS EventType, e.EventDate AS EventDate,
                   CAST(json_extract(e.EventData, '$.task_age') AS INTEGER) AS TaskAge,
                   t.TaskQueueEnteredDate AS QueueEnteredDate
            FROM Events AS e
            LEFT JOIN Tasks AS t ON {withQueueEntry} = 1 AND e.EventType = 'reservation.accepted' AND t.Sid = e.TaskSid
            WHERE e.WorkspaceSid = {scope.WorkspaceSid}
              AND e.EventType IN ({EventTypes.ReservationAccepted}, {EventTypes.TaskCanceled})
              AND e.EventDate >= {request.Start} AND e.EventDate <= {request.End}
              AND ({scope.TaskQueueSid} IS NULL OR e.TaskQueueSid = {scope.TaskQueueSid})
              AND ({scope.WorkflowSid} IS NULL OR e.WorkflowSid = {scope.WorkflowSid})
              AND ({scope.WorkerSid} IS NULL OR e.WorkerSid = {scope.WorkerSid})
              AND ({request.TaskChannel} IS NULL OR json_extract(e.EventData, '$.task_channel_unique_name') = {request.TaskChannel})
            """).ToListAsync(cancellationToken);
        return new CumulativeFigures(request, counts, waits);
    }

    public int Count(string eventType) => _counts.GetValueOrDefault(eventType);

    public DurationFigures WaitUntilAccepted => DurationFigures.Of(_accepted);

    public DurationFigures WaitUntilCanceled => DurationFigures.Of(_canceled);

    public DurationFigures WaitInQueueUntilAccepted => DurationFigures.Of(_acceptedInQueue);

    /// <summary>Per threshold (seconds): tasks canceled and reservations accepted with a wait below it, and at or above it.</summary>
    public Dictionary<string, SplitFigures>? SplitByWaitTime => Request.SplitByWaitTime.Count == 0
        ? null
        : Request.SplitByWaitTime.ToDictionary(
            threshold => threshold.ToString(CultureInfo.InvariantCulture),
            threshold => new SplitFigures(
                new WaitSplit(_canceled.Count(age => age >= threshold), _accepted.Count(age => age >= threshold)),
                new WaitSplit(_canceled.Count(age => age < threshold), _accepted.Count(age => age < threshold))),
            StringComparer.Ordinal);

    /// <summary>The window and the reservation counts every cumulative resource has, in Twilio's names.</summary>
    public void WriteReservations(Dictionary<string, object?> fields)
    {
        fields["start_time"] = TwilioJson.Iso(Request.Start);
        fields["end_time"] = TwilioJson.Iso(Request.End);
        fields["reservations_created"] = Count(EventTypes.ReservationCreated);
        fields["reservations_accepted"] = Count(EventTypes.ReservationAccepted);
        fields["reservations_rejected"] = Count(EventTypes.ReservationRejected);
        fields["reservations_timed_out"] = Count(EventTypes.ReservationTimeout);
        fields["reservations_canceled"] = Count(EventTypes.ReservationCanceled);
        fields["reservations_rescinded"] = Count(EventTypes.ReservationRescinded);
    }

    /// <summary>The task figures of workspaces, workflows and queues: acceptance and wait times, ends of tasks, splits.</summary>
    public void WriteTasks(Dictionary<string, object?> fields)
    {
        WriteReservations(fields);
        var accepted = WaitUntilAccepted;
        fields["avg_task_acceptance_time"] = accepted.Avg;
        fields["wait_duration_until_accepted"] = accepted;
        fields["wait_duration_until_canceled"] = WaitUntilCanceled;
        fields["split_by_wait_time"] = SplitByWaitTime;
        fields["tasks_canceled"] = Count(EventTypes.TaskCanceled);
        fields["tasks_completed"] = Count(EventTypes.TaskCompleted);
        fields["tasks_deleted"] = Count(EventTypes.TaskDeleted);
        fields["tasks_moved"] = Count(EventTypes.TaskQueueMoved);
    }
}
