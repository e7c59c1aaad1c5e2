namespace Telephony.TaskRouter.Engine.Model;

/// <summary>A task's <c>assignment_status</c>, as Twilio names them.</summary>
internal enum TaskAssignmentStatus
{
    Pending,
    Reserved,
    Assigned,
    Wrapping,
    Completed,
    Canceled,
}

/// <summary>A reservation's <c>reservation_status</c>, as Twilio names them.</summary>
internal enum ReservationStatus
{
    Pending,
    Accepted,
    Rejected,
    Timeout,
    Canceled,
    Rescinded,
    Wrapping,
    Completed,
}

/// <summary>A queue's <c>TaskOrder</c>.</summary>
internal enum QueueTaskOrder
{
    Fifo,
    Lifo,
}

internal static class StatusNames
{
    public static bool HoldsCapacity(this ReservationStatus status) =>
        status is ReservationStatus.Pending or ReservationStatus.Accepted or ReservationStatus.Wrapping;

    public static bool IsRouting(this TaskAssignmentStatus status) =>
        status is TaskAssignmentStatus.Pending or TaskAssignmentStatus.Reserved;

    public static string WireName(this TaskAssignmentStatus status) => status.ToString().ToLowerInvariant();

    public static string WireName(this ReservationStatus status) => status.ToString().ToLowerInvariant();
}
