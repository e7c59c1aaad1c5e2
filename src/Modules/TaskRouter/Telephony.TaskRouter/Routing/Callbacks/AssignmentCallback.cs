using System.Globalization;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>One reservation to announce to its workflow's AssignmentCallbackUrl, with what the tenant is told about it.</summary>
internal sealed record AssignmentCallback(
    string AccountSid,
    string WorkspaceSid,
    string WorkflowSid,
    string TaskQueueSid,
    string TaskSid,
    string TaskAttributes,
    int TaskPriority,
    DateTimeOffset TaskCreatedAt,
    string WorkerSid,
    string WorkerAttributes,
    string ReservationSid,
    DateTimeOffset ReservedAt)
{
    /// <summary>The callback for a committed <c>reservation.created</c>; null for any other event.</summary>
    public static AssignmentCallback? From(JournalEntry entry)
    {
        var routingEvent = entry.Event;
        return routingEvent is { EventType: EventTypes.ReservationCreated, Task: { } task, Reservation: { } reservation, Worker: { } worker }
            ? new AssignmentCallback(
                entry.AccountSid,
                entry.WorkspaceSid,
                task.WorkflowSid,
                reservation.TaskQueueSid,
                task.Sid,
                task.AttributesJson,
                task.Priority,
                task.CreatedAt,
                worker.Sid,
                worker.AttributesJson,
                reservation.Sid,
                routingEvent.Date)
            : null;
    }

    /// <summary>Twilio's assignment callback parameters, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormFields() =>
    [
        new("AccountSid", AccountSid),
        new("WorkspaceSid", WorkspaceSid),
        new("WorkflowSid", WorkflowSid),
        new("TaskQueueSid", TaskQueueSid),
        new("TaskSid", TaskSid),
        new("TaskAttributes", TaskAttributes),
        new("TaskAge", Math.Max(0, (long)(ReservedAt - TaskCreatedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        new("TaskPriority", TaskPriority.ToString(CultureInfo.InvariantCulture)),
        new("WorkerSid", WorkerSid),
        new("WorkerAttributes", WorkerAttributes),
        new("ReservationSid", ReservationSid),
        new("Timestamp", ReservedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];
}
