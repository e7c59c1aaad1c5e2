namespace Telephony.TaskRouter.Engine;

/// <summary>
/// A state change, named with Twilio's event types. The engine hands each one to the sink while it
/// holds the workspace lock, so a sink sees a workspace's events in the order they happened and must
/// be quick (append to a buffer or a channel; never I/O).
/// </summary>
internal sealed record RoutingEvent(
    string EventType,
    DateTimeOffset Date,
    string ResourceSid,
    string? TaskSid = null,
    string? WorkerSid = null,
    string? ReservationSid = null,
    string? TaskQueueSid = null,
    string? WorkflowSid = null,
    string? Description = null,
    TaskSnapshot? Task = null,
    ReservationSnapshot? Reservation = null,
    WorkerState? Worker = null,
    ActivityChange? PreviousActivity = null);

/// <summary>The activity a worker left in a <c>worker.activity.update</c>, and how long it had been in it (Twilio's <c>WorkerTimeInPreviousActivity</c>).</summary>
internal sealed record ActivityChange(string Sid, string FriendlyName, TimeSpan Lasted);

/// <summary>What a worker looked like when an event about it happened (for the record and event data).</summary>
internal sealed record WorkerState(string Sid, string FriendlyName, string ActivitySid, string ActivityName, bool Available, DateTimeOffset DateStatusChanged, string AttributesJson)
{
    public static WorkerState Of(Model.RoutingWorker worker) => new(
        worker.Sid,
        worker.FriendlyName,
        worker.Activity.Sid,
        worker.Activity.FriendlyName,
        worker.Activity.Available,
        worker.ActivityChangedAt,
        worker.Attributes.Json);
}

internal interface IRoutingEventSink
{
    /// <returns>The event's place in the sink's order (1, 2, ...), or 0 when the sink keeps none.</returns>
    long Publish(RoutingEvent routingEvent);
}

/// <summary>Twilio's TaskRouter event type names.</summary>
internal static class EventTypes
{
    /// <summary>
    /// Not a Twilio event: a task's state changed with no event of its own (back to pending after its
    /// offers ended unaccepted, unqueued by a re-evaluation). The journal records the state; it is never
    /// listed or delivered as an event.
    /// </summary>
    public const string StateChanged = "state";

    public static bool IsTwilioEvent(string eventType) => eventType != StateChanged;

    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskCanceled = "task.canceled";
    public const string TaskCompleted = "task.completed";
    public const string TaskWrapup = "task.wrapup";
    public const string TaskDeleted = "task.deleted";
    public const string ReservationCreated = "reservation.created";
    public const string ReservationAccepted = "reservation.accepted";
    public const string ReservationRejected = "reservation.rejected";
    public const string ReservationTimeout = "reservation.timeout";
    public const string ReservationCanceled = "reservation.canceled";
    public const string ReservationRescinded = "reservation.rescinded";
    public const string ReservationWrapup = "reservation.wrapup";
    public const string ReservationCompleted = "reservation.completed";
    public const string WorkflowEntered = "workflow.entered";
    public const string WorkflowTargetMatched = "workflow.target-matched";
    public const string WorkflowSkipped = "workflow.skipped";
    public const string WorkflowTimeout = "workflow.timeout";
    public const string TaskQueueEntered = "task-queue.entered";
    public const string TaskQueueTimeout = "task-queue.timeout";
    public const string TaskQueueMoved = "task-queue.moved";
    public const string WorkerActivityUpdate = "worker.activity.update";
    public const string WorkerAttributesUpdate = "worker.attributes.update";
    public const string WorkerCapacityUpdate = "worker.capacity.update";
    public const string WorkerChannelAvailabilityUpdate = "worker.channel.availability.update";
}
