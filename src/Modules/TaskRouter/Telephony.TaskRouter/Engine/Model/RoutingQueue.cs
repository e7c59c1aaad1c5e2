namespace Telephony.TaskRouter.Engine.Model;

/// <summary>A task queue as the engine needs it.</summary>
internal sealed record QueueDefinition(
    string Sid,
    string FriendlyName,
    WorkerPredicate TargetWorkers,
    int MaxReservedWorkers = 1,
    QueueTaskOrder TaskOrder = QueueTaskOrder.Fifo,
    string? ReservationActivitySid = null,
    string? AssignmentActivitySid = null);

/// <summary>A queue's live state: its definition and its member counts (kept incrementally, for <c>skip_if</c>).</summary>
internal sealed class RoutingQueue(QueueDefinition definition)
{
    public QueueDefinition Definition { get; set; } = definition;

    public string Sid => Definition.Sid;

    public int MemberCount { get; set; }

    public int AvailableMemberCount { get; set; }

    public Dictionary<string, int> MembersByActivity { get; } = new(StringComparer.Ordinal);

    public QueueWorkerCounts Counts() =>
        new(AvailableMemberCount, MemberCount - AvailableMemberCount, new Dictionary<string, int>(MembersByActivity, StringComparer.Ordinal));
}
