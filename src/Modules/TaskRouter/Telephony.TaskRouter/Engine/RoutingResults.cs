using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

internal enum RoutingOutcome
{
    Done,
    NotFound,

    /// <summary>The resource is not in a state that allows the change; the snapshot shows the state it is in.</summary>
    Conflict,

    /// <summary>The caller's expected version (If-Match) is not the task's current one.</summary>
    PreconditionFailed,
}

internal sealed record TaskSnapshot(
    string Sid,
    string WorkflowSid,
    string Channel,
    TaskAssignmentStatus Status,
    int Priority,
    string? TaskQueueSid,
    string? TaskQueueName,
    DateTimeOffset? TaskQueueEnteredAt,
    DateTimeOffset CreatedAt,
    string? Reason,
    int RerouteCount,
    string? RoutingTarget,
    string? AssignedWorkerSid,
    string AttributesJson,
    int Version,
    DateTimeOffset UpdatedAt,
    TaskDetails? Details)
{
    public static TaskSnapshot Of(RoutingTask task) => new(
        task.Sid,
        task.Workflow.Sid,
        task.Channel,
        task.Status,
        task.Priority,
        task.Queue?.Sid,
        task.Queue?.Definition.FriendlyName,
        task.QueueEnteredAt,
        task.CreatedAt,
        task.Reason,
        task.RerouteCount,
        task.Step?.Path,
        task.AcceptedReservation?.Worker.Sid,
        task.Attributes.Json,
        task.Version,
        task.UpdatedAt,
        task.Details);
}

internal sealed record ReservationSnapshot(
    string Sid,
    string TaskSid,
    string WorkerSid,
    string WorkerName,
    string TaskQueueSid,
    ReservationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ReservationSnapshot Of(RoutingReservation reservation) => new(
        reservation.Sid,
        reservation.Task.Sid,
        reservation.Worker.Sid,
        reservation.WorkerName,
        reservation.Queue.Sid,
        reservation.Status,
        reservation.CreatedAt,
        reservation.UpdatedAt);
}

internal sealed record WorkerSnapshot(
    string Sid,
    string FriendlyName,
    string ActivitySid,
    bool Available,
    DateTimeOffset DateStatusChanged,
    IReadOnlyDictionary<string, (int Capacity, int Used, int Assigned, bool Available)> Channels,
    IReadOnlyList<string> QueueSids)
{
    public static WorkerSnapshot Of(RoutingWorker worker) => new(
        worker.Sid,
        worker.FriendlyName,
        worker.Activity.Sid,
        worker.Activity.Available,
        worker.ActivityChangedAt,
        worker.Channels.Values.ToDictionary(channel => channel.Name, channel => (channel.Capacity, channel.Used, AssignedOn(worker, channel), channel.Available), StringComparer.Ordinal),
        [.. worker.Queues.Select(queue => queue.Sid).Order(StringComparer.Ordinal)]);

    /// <summary>Tasks the worker has accepted on the channel (wrapping ones too): Twilio's <c>assigned_tasks</c>; pending offers hold capacity but are not assigned.</summary>
    private static int AssignedOn(RoutingWorker worker, WorkerChannel channel) =>
        worker.ActiveReservations.Values.Count(r => r.Channel == channel && r.Status is ReservationStatus.Accepted or ReservationStatus.Wrapping);
}

/// <summary>The answer to a command: what happened, and the state of the resources it touched.</summary>
internal sealed record RoutingResult(RoutingOutcome Outcome, TaskSnapshot? Task = null, ReservationSnapshot? Reservation = null, string? Message = null)
{
    public static RoutingResult NotFound(string message) => new(RoutingOutcome.NotFound, Message: message);
}
