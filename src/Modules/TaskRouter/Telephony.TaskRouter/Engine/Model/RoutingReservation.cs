namespace Telephony.TaskRouter.Engine.Model;

/// <summary>An offer of one task to one worker.</summary>
/// <param name="workerName">The worker's name when the offer was made: its current one for a new offer, the stored one for a restored offer.</param>
internal sealed class RoutingReservation(string sid, RoutingTask task, RoutingWorker worker, RoutingQueue queue, WorkerChannel channel, DateTimeOffset createdAt, string? workerName = null)
{
    public string Sid { get; } = sid;

    public RoutingTask Task { get; } = task;

    public RoutingWorker Worker { get; } = worker;

    /// <summary>The worker's name when the offer was made, as the reservation's record keeps it.</summary>
    public string WorkerName { get; } = workerName ?? worker.FriendlyName;

    /// <summary>The queue the task was in when the reservation was made (its activity rules apply).</summary>
    public RoutingQueue Queue { get; } = queue;

    public WorkerChannel Channel { get; } = channel;

    public ReservationStatus Status { get; set; } = ReservationStatus.Pending;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public DueTimer? Timeout { get; set; }
}
