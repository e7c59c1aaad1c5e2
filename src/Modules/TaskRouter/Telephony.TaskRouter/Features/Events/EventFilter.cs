using System.Globalization;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Events;

/// <summary>
/// The Events list's query: Twilio's filters and its time window. Without <c>StartDate</c> the window
/// is the <c>Minutes</c> (default 15, as Twilio's) before <c>EndDate</c>, or before now.
/// </summary>
internal sealed record EventFilter(
    DateTime Since,
    DateTime? Until,
    string? EventType = null,
    string? ResourceSid = null,
    string? TaskSid = null,
    string? WorkerSid = null,
    string? WorkflowSid = null,
    string? TaskQueueSid = null,
    string? ReservationSid = null,
    string? Sid = null)
{
    public const int DefaultMinutes = 15;

    /// <summary>Twilio keeps events 30 days; a longer window could only return what retention already removed.</summary>
    public const int MaxMinutes = 43_200;

    private const int EventTypeLength = 48;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// The window as absolute dates, for the page links: a window counted back from now would slide
    /// between pages, and the oldest events (the last pages') would fall out of it.
    /// </summary>
    public IReadOnlyDictionary<string, string?> PinnedWindow() => new Dictionary<string, string?>
    {
        ["StartDate"] = Since.ToString("O", CultureInfo.InvariantCulture),
        ["Minutes"] = null,
    };

    public static EventFilter Parse(IQueryCollection query, DateTimeOffset now)
    {
        if (query.ContainsKey("TaskChannel"))
        {
            throw ApiException.Invalid("TaskChannel", "filtering events by task channel is not supported; filter by TaskSid or EventType");
        }

        var minutes = Minutes(query["Minutes"]);
        var start = Date(query["StartDate"], "StartDate");
        var end = Date(query["EndDate"], "EndDate");
        if (minutes is not null && start is not null)
        {
            throw ApiException.Invalid("Minutes", "give either Minutes or StartDate, not both");
        }

        var from = start ?? (end ?? now.UtcDateTime).AddMinutes(-(minutes ?? DefaultMinutes));
        if (end is not null && end < from)
        {
            throw ApiException.Invalid("EndDate", "must not be before StartDate");
        }

        return new EventFilter(
            from,
            end,
            ParseEventType(query["EventType"]),
            AnySid(query["ResourceSid"], "ResourceSid"),
            FormValues.Sid(query["TaskSid"], "TaskSid", "WT"),
            FormValues.Sid(query["WorkerSid"], "WorkerSid", "WK"),
            FormValues.Sid(query["WorkflowSid"], "WorkflowSid", "WW"),
            FormValues.Sid(query["TaskQueueSid"], "TaskQueueSid", "WQ"),
            FormValues.Sid(query["ReservationSid"], "ReservationSid", "WR"),
            FormValues.Sid(query["Sid"], "Sid", "EV"));
    }

    public IQueryable<EventRecord> Apply(IQueryable<EventRecord> events)
    {
        events = events.Where(e => e.EventDate >= Since);
        if (Until is { } until)
        {
            events = events.Where(e => e.EventDate <= until);
        }

        if (EventType is { } eventType)
        {
            events = events.Where(e => e.EventType == eventType);
        }

        if (ResourceSid is { } resourceSid)
        {
            events = events.Where(e => e.ResourceSid == resourceSid);
        }

        if (TaskSid is { } taskSid)
        {
            events = events.Where(e => e.TaskSid == taskSid);
        }

        if (WorkerSid is { } workerSid)
        {
            events = events.Where(e => e.WorkerSid == workerSid);
        }

        if (WorkflowSid is { } workflowSid)
        {
            events = events.Where(e => e.WorkflowSid == workflowSid);
        }

        if (TaskQueueSid is { } queueSid)
        {
            events = events.Where(e => e.TaskQueueSid == queueSid);
        }

        if (ReservationSid is { } reservationSid)
        {
            events = events.Where(e => e.ReservationSid == reservationSid);
        }

        if (Sid is { } sid)
        {
            events = events.Where(e => e.Sid == sid);
        }

        return events;
    }

    private static int? Minutes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= MaxMinutes
            ? minutes
            : throw ApiException.Invalid("Minutes", $"must be an integer from 1 to {MaxMinutes}");
    }

    private static DateTime? Date(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.UtcDateTime
            : throw ApiException.Invalid(field, "must be an ISO 8601 date or date-time, such as 2026-01-31T09:30:00Z");
    }

    private static string? ParseEventType(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : value.Length <= EventTypeLength ? value
        : throw ApiException.Invalid("EventType", $"must be at most {EventTypeLength} characters");

    /// <summary>A sid of any kind (a resource's): two capital letters and 32 hex digits.</summary>
    private static string? AnySid(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var kind = value.Length >= 2 ? value[..2] : string.Empty;
        return SharedKernel.Ids.Sid.IsValid(value, kind) && kind.All(char.IsAsciiLetterUpper)
            ? value
            : throw ApiException.Invalid(field, "must be a sid");
    }
}
