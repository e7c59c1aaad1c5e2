using Microsoft.EntityFrameworkCore;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>One worker's change of activity: the activity it left and how long it had been in it.</summary>
internal sealed class ActivityLeft
{
    public string WorkerSid { get; set; } = string.Empty;

    public DateTime EventDate { get; set; }

    public string? ActivitySid { get; set; }

    public long? LastedMs { get; set; }
}

/// <summary>Twilio's <c>activity_durations</c> item: the periods spent in one activity within the window, in seconds.</summary>
internal sealed record ActivityDuration(string Sid, string FriendlyName, long Avg, long Min, long Max, long Total);

/// <summary>
/// <c>activity_durations</c> of the workers' and a worker's cumulative statistics: for every activity of
/// the workspace, the periods the counted workers spent in it, each cut to the window. A period ends at a
/// <c>worker.activity.update</c> (whose data says the activity left and how long it lasted); the last one
/// of each worker is the activity it is in now, up to now. So the window's events are read, plus, for a
/// window that ended before now, each worker's first change after it (the end of the period the window
/// closed on): that reads every change since, bounded by the 30 days events are kept.
/// </summary>
internal static class ActivityDurations
{
    public static async Task<List<ActivityDuration>> ReadAsync(
        TaskRouterDb db, WorkspaceScope scope, string? workerSid, IReadOnlyList<WorkerActivityNow> workers, StatisticsRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var activities = await RealtimeFigures.ActivitiesAsync(db, scope, cancellationToken);
        var periods = activities.ToDictionary(a => a.Sid, _ => new List<long>(), StringComparer.Ordinal);
        var counted = workers.Select(w => w.WorkerSid).ToHashSet(StringComparer.Ordinal);
        var window = (Start: Utc(request.Start), End: Utc(request.End));

        var inWindow = await ChangesAsync(db, scope.WorkspaceSid, workerSid, request.Start, request.End, cancellationToken);

        // The period each worker was in when the window closed ends at its first change after it (none when the window ends now).
        var firstAfter = request.End >= now.UtcDateTime ? []
            : (await ChangesAsync(db, scope.WorkspaceSid, workerSid, request.End.AddTicks(1), DateTime.MaxValue, cancellationToken))
                .GroupBy(change => change.WorkerSid, StringComparer.Ordinal)
                .Select(changes => changes.MinBy(change => change.EventDate)!)
                .ToList();

        foreach (var left in inWindow.Concat(firstAfter))
        {
            if (counted.Contains(left.WorkerSid) && left is { ActivitySid: { } activity, LastedMs: { } lasted })
            {
                var ended = Utc(left.EventDate);
                Add(periods, activity, ended - TimeSpan.FromMilliseconds(lasted), ended, window);
            }
        }

        var changedSince = firstAfter.Select(f => f.WorkerSid).ToHashSet(StringComparer.Ordinal);
        foreach (var worker in workers.Where(w => !changedSince.Contains(w.WorkerSid)))
        {
            Add(periods, worker.ActivitySid, worker.Since, now, window);
        }

        return [.. activities.Select(a =>
        {
            var figures = DurationFigures.Of(periods[a.Sid]);
            return new ActivityDuration(a.Sid, a.FriendlyName, figures.Avg, figures.Min, figures.Max, figures.Total);
        })];
    }

    /// <summary>
    /// The workers' changes of activity between two instants: one worker's through the index on its sid,
    /// the workspace's through the index on the event type (the planner otherwise walks the sid index
    /// for the whole workspace).
    /// </summary>
    private static Task<List<ActivityLeft>> ChangesAsync(TaskRouterDb db, string workspaceSid, string? workerSid, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        (workerSid is null
            ? db.Database.SqlQuery<ActivityLeft>($"""
                SELECT e.ResourceSid AS WorkerSid, e.EventDate AS EventDate,
                       json_extract(e.EventData, '$.worker_previous_activity_sid') AS ActivitySid,
                       CAST(json_extract(e.EventData, '$.worker_time_in_previous_activity_ms') AS INTEGER) AS LastedMs
                FROM Events AS e INDEXED BY IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid_TaskAge
                WHERE e.WorkspaceSid = {workspaceSid} AND e.EventType = {EventTypes.WorkerActivityUpdate}
                  AND e.EventDate >= {from} AND e.EventDate <= {to}
                """)
            : db.Database.SqlQuery<ActivityLeft>($"""
                SELECT e.ResourceSid AS WorkerSid, e.EventDate AS EventDate,
                       json_extract(e.EventData, '$.worker_previous_activity_sid') AS ActivitySid,
                       CAST(json_extract(e.EventData, '$.worker_time_in_previous_activity_ms') AS INTEGER) AS LastedMs
                FROM Events AS e INDEXED BY IX_Events_WorkspaceSid_ResourceSid_EventDate
                WHERE e.WorkspaceSid = {workspaceSid} AND e.ResourceSid = {workerSid}
                  AND e.EventDate >= {from} AND e.EventDate <= {to} AND e.EventType = {EventTypes.WorkerActivityUpdate}
                """)).ToListAsync(cancellationToken);

    /// <summary>A period in an activity, cut to the window; nothing when it lies outside.</summary>
    private static void Add(Dictionary<string, List<long>> periods, string activitySid, DateTimeOffset from, DateTimeOffset to, (DateTimeOffset Start, DateTimeOffset End) window)
    {
        var lasted = (to < window.End ? to : window.End) - (from > window.Start ? from : window.Start);
        if (lasted > TimeSpan.Zero && periods.TryGetValue(activitySid, out var list))
        {
            list.Add((long)Math.Round(lasted.TotalSeconds, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>The database's dates are UTC without a kind.</summary>
    private static DateTimeOffset Utc(DateTime date) => new(DateTime.SpecifyKind(date, DateTimeKind.Utc));
}
