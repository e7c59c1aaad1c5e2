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

    /// <summary>Per task channel: member workers who can take a task now (see <c>AvailableWorkers</c>).</summary>
    public Dictionary<string, SortedSet<WorkerChannel>> AvailableByChannel { get; } = new(StringComparer.Ordinal);

    /// <summary>Per task channel: tasks that can take another reservation (see <c>WaitingTasks</c>).</summary>
    public Dictionary<string, SortedSet<RoutingTask>> WaitingByChannel { get; } = new(StringComparer.Ordinal);

    public QueueWorkerCounts Counts() =>
        new(AvailableMemberCount, MemberCount - AvailableMemberCount, new Dictionary<string, int>(MembersByActivity, StringComparer.Ordinal));
}
