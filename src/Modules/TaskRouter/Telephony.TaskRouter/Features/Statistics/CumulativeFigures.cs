using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>Whose events a cumulative figure counts: the workspace's, or one queue's, workflow's or worker's.</summary>
internal sealed record EventScope(string WorkspaceSid, string? TaskQueueSid = null, string? WorkflowSid = null, string? WorkerSid = null);

/// <summary>How many events of one type the window holds (in one queue: they are counted per queue, then summed as the scope needs).</summary>
internal sealed class EventCount
{
    public string? TaskQueueSid { get; set; }

    public string EventType { get; set; } = string.Empty;

    public int Count { get; set; }
}

/// <summary>One event with a wait: its type, and the task's age (seconds) and queue entry when it happened.</summary>
internal sealed class WaitedEvent
{
    public string? TaskQueueSid { get; set; }

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
/// the routing journal). The queries are served by the index (WorkspaceSid, EventType, EventDate,
/// TaskQueueSid, WorkflowSid, WorkerSid, TaskAge): an equality, an IN list and a range, the scope a
/// residual filter inside the index, so they read an event's row only for a channel filter (in the
/// event's data) or an event recorded before events kept the task's age.
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

    // The window and the scope every query here reads ($queues: a JSON array of queue sids, or null for any).
    private const string Window = """
        e.WorkspaceSid = $workspace AND e.EventDate >= $start AND e.EventDate <= $end
          AND ($queues IS NULL OR e.TaskQueueSid IN (SELECT value FROM json_each($queues)))
          AND ($workflow IS NULL OR e.WorkflowSid = $workflow)
          AND ($worker IS NULL OR e.WorkerSid = $worker)
          AND ($channel IS NULL OR json_extract(e.EventData, '$.task_channel_unique_name') = $channel)
        """;

    // Counts are aggregated in SQLite, per type in the index's order; per queue as well only for the
    // queues' list (that grouping sorts the window's rows).
    private static readonly string Counts = CountsSql(queue: "NULL", groupBy: "e.EventType");

    private static readonly string CountsPerQueue = CountsSql(queue: "e.TaskQueueSid", groupBy: "e.TaskQueueSid, e.EventType");

    // Only the events with a wait (accepts, cancels) come back one by one. The in-queue wait needs
    // when the task entered its queue: the task row keeps it (primary-key lookups, accepts only).
    // Events recorded before they kept the task's age as a column have it in their data.
    private static readonly string Waits = WaitsSql(queueEntered: "NULL", join: "");

    private static readonly string WaitsInQueues = WaitsSql(
        queueEntered: "t.TaskQueueEnteredDate",
        join: $"LEFT JOIN Tasks AS t ON e.EventType = '{EventTypes.ReservationAccepted}' AND t.Sid = e.TaskSid");

    private readonly Dictionary<string, int> _counts;
    private readonly List<long> _accepted = [];
    private readonly List<long> _canceled = [];
    private readonly List<long> _acceptedInQueue = [];

    private CumulativeFigures(StatisticsRequest request, IEnumerable<EventCount> counts, IEnumerable<WaitedEvent> waits)
    {
        Request = request;
        _counts = counts.GroupBy(c => c.EventType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);
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

    private static string CountsSql(string queue, string groupBy) => $"""
        SELECT {queue} AS TaskQueueSid, e.EventType AS EventType, COUNT(*) AS Count FROM Events AS e
        WHERE e.EventType IN ({string.Join(", ", Counted.Select(type => $"'{type}'"))}) AND {Window}
        GROUP BY {groupBy}
        """;

    private static string WaitsSql(string queueEntered, string join) => $"""
        SELECT e.TaskQueueSid AS TaskQueueSid, e.EventType AS EventType, e.EventDate AS EventDate,
               COALESCE(e.TaskAge, CAST(json_extract(e.EventData, '$.task_age') AS INTEGER)) AS TaskAge, {queueEntered} AS QueueEnteredDate
        FROM Events AS e {join}
        WHERE e.EventType IN ('{EventTypes.ReservationAccepted}', '{EventTypes.TaskCanceled}') AND {Window}
        """;

    public StatisticsRequest Request { get; }

    public static async Task<CumulativeFigures> ReadAsync(TaskRouterDb db, EventScope scope, StatisticsRequest request, CancellationToken cancellationToken)
    {
        var (counts, waits) = await ReadRowsAsync(db, scope, scope.TaskQueueSid is null ? null : [scope.TaskQueueSid], perQueue: false, request, cancellationToken);
        return new CumulativeFigures(request, counts, waits);
    }

    /// <summary>Each of these queues' figures, from one reading of the window (the queues' statistics list).</summary>
    public static async Task<Dictionary<string, CumulativeFigures>> ReadPerQueueAsync(
        TaskRouterDb db, string workspaceSid, IReadOnlyCollection<string> queueSids, StatisticsRequest request, CancellationToken cancellationToken)
    {
        var (counts, waits) = await ReadRowsAsync(db, new EventScope(workspaceSid), queueSids, perQueue: true, request, cancellationToken);
        var countsByQueue = counts.ToLookup(c => c.TaskQueueSid, StringComparer.Ordinal);
        var waitsByQueue = waits.ToLookup(w => w.TaskQueueSid, StringComparer.Ordinal);
        return queueSids.ToDictionary(queue => queue, queue => new CumulativeFigures(request, countsByQueue[queue], waitsByQueue[queue]), StringComparer.Ordinal);
    }

    /// <param name="queueSids">Only these queues' events (null: any queue's, or none).</param>
    /// <param name="perQueue">Whether the counts come per queue (each wait always names its queue).</param>
    private static async Task<(List<EventCount> Counts, List<WaitedEvent> Waits)> ReadRowsAsync(
        TaskRouterDb db, EventScope scope, IReadOnlyCollection<string>? queueSids, bool perQueue, StatisticsRequest request, CancellationToken cancellationToken)
    {
        var queues = queueSids is null ? null : JsonSerializer.Serialize(queueSids);
        object[] Parameters() =>
        [
            new SqliteParameter("$workspace", scope.WorkspaceSid),
            new SqliteParameter("$start", request.Start),
            new SqliteParameter("$end", request.End),
            new SqliteParameter("$queues", (object?)queues ?? DBNull.Value),
            new SqliteParameter("$workflow", (object?)scope.WorkflowSid ?? DBNull.Value),
            new SqliteParameter("$worker", (object?)scope.WorkerSid ?? DBNull.Value),
            new SqliteParameter("$channel", (object?)request.TaskChannel ?? DBNull.Value),
        ];

        var counts = await db.Database.SqlQueryRaw<EventCount>(perQueue ? CountsPerQueue : Counts, Parameters()).ToListAsync(cancellationToken);
        var waits = await db.Database.SqlQueryRaw<WaitedEvent>(queues is null ? Waits : WaitsInQueues, Parameters()).ToListAsync(cancellationToken);
        return (counts, waits);
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
