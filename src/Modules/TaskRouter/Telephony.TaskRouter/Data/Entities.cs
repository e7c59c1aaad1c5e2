using Telephony.SharedKernel.Persistence;

namespace Telephony.TaskRouter.Data;

/// <summary>What every TaskRouter row shares: its sid, its account and its creation and update instants (UTC).</summary>
internal abstract class WorkspaceRow : IListable
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}

/// <summary>A row that lives inside a workspace and goes when the workspace goes.</summary>
internal abstract class WorkspaceChild : WorkspaceRow
{
    public required string WorkspaceSid { get; init; }
}

internal sealed class Workspace : WorkspaceRow
{
    public required string FriendlyName { get; set; }

    public string? EventCallbackUrl { get; set; }

    public string? EventsFilter { get; set; }

    public bool MultiTaskEnabled { get; set; }

    public QueueOrder PrioritizeQueueOrder { get; set; }

    public string? DefaultActivitySid { get; set; }

    public string? TimeoutActivitySid { get; set; }
}

internal enum QueueOrder
{
    Fifo,
    Lifo,
}

internal sealed class Activity : WorkspaceChild
{
    public required string FriendlyName { get; set; }

    public bool Available { get; init; }
}

internal sealed class Worker : WorkspaceChild
{
    public required string FriendlyName { get; set; }

    public required string Attributes { get; set; }

    public required string ActivitySid { get; set; }

    public Activity Activity { get; set; } = null!;

    public DateTime DateStatusChanged { get; set; }

    public List<WorkerChannel> Channels { get; init; } = [];

    /// <summary>Grows on every change: the worker's ETag, and the optimistic concurrency token.</summary>
    public int Version { get; set; }
}

internal sealed class WorkerChannel : WorkspaceChild
{
    public required string WorkerSid { get; init; }

    public required string TaskChannelSid { get; init; }

    public TaskChannel TaskChannel { get; set; } = null!;

    public int Capacity { get; set; }

    public bool Available { get; set; }
}

internal sealed class TaskChannel : WorkspaceChild
{
    public required string UniqueName { get; init; }

    public required string FriendlyName { get; set; }

    public bool ChannelOptimizedRouting { get; set; }
}

internal sealed class TaskQueue : WorkspaceChild
{
    public required string FriendlyName { get; set; }

    public required string TargetWorkers { get; set; }

    public int MaxReservedWorkers { get; set; }

    public QueueOrder TaskOrder { get; set; }

    public string? ReservationActivitySid { get; set; }

    public Activity? ReservationActivity { get; set; }

    public string? AssignmentActivitySid { get; set; }

    public Activity? AssignmentActivity { get; set; }
}

internal sealed class Workflow : WorkspaceChild
{
    public required string FriendlyName { get; set; }

    public required string Configuration { get; set; }

    public string? AssignmentCallbackUrl { get; set; }

    public string? FallbackAssignmentCallbackUrl { get; set; }

    public int TaskReservationTimeout { get; set; }
}

internal enum AssignmentStatus
{
    Pending,
    Reserved,
    Assigned,
    Canceled,
    Completed,
    Wrapping,
}

/// <summary>A unit of work to route (Twilio's Task; named so it does not shadow System.Threading.Tasks.Task).</summary>
internal sealed class WorkTask : WorkspaceChild
{
    public required string Attributes { get; set; }

    public AssignmentStatus AssignmentStatus { get; set; }

    public int Priority { get; set; }

    public int Timeout { get; init; }

    /// <summary>Twilio's <c>VirtualStartTime</c>: where the task's age and queue order start, when not its creation.</summary>
    public DateTime? VirtualStartTime { get; init; }

    public string? Reason { get; set; }

    public string? WorkflowSid { get; set; }

    public Workflow? Workflow { get; set; }

    /// <summary>Set when the assignment engine places the task in a queue.</summary>
    public string? TaskQueueSid { get; set; }

    public TaskQueue? TaskQueue { get; set; }

    public DateTime? TaskQueueEnteredDate { get; set; }

    public string? TaskChannelSid { get; set; }

    public TaskChannel? TaskChannel { get; set; }

    /// <summary>Grows on every change; the task's ETag, and the optimistic concurrency token.</summary>
    public int Version { get; set; }
}

/// <summary>An offer of a task to a worker (Twilio's Reservation), as the assignment engine recorded it.</summary>
internal sealed class Reservation : WorkspaceChild
{
    public required string TaskSid { get; init; }

    public required string WorkerSid { get; init; }

    public required string WorkerName { get; set; }

    public required string TaskQueueSid { get; init; }

    public ReservationState Status { get; set; }

    /// <summary>What the assignment callback answered (<c>dequeue</c>, <c>call</c>, <c>redirect</c>, <c>conference</c>...), for the voice side.</summary>
    public string? Instruction { get; set; }

    /// <summary>The callback's whole JSON answer.</summary>
    public string? InstructionParameters { get; set; }
}

internal enum ReservationState
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

/// <summary>A TaskRouter event (Twilio's Event resource): one state change, kept 30 days.</summary>
internal sealed class EventRecord : WorkspaceChild
{
    public required string EventType { get; init; }

    public DateTime EventDate { get; init; }

    public required string ResourceSid { get; init; }

    public required string ResourceType { get; init; }

    public string? TaskSid { get; init; }

    public string? WorkerSid { get; init; }

    public string? ReservationSid { get; init; }

    public string? TaskQueueSid { get; init; }

    public string? WorkflowSid { get; init; }

    public string? Description { get; init; }

    /// <summary>The task's age in whole seconds when it happened (<c>task_age</c> of the data), for cumulative statistics' waits.</summary>
    public long? TaskAge { get; init; }

    /// <summary>Twilio's <c>event_data</c>: the resources' state at the time, as a JSON object.</summary>
    public required string EventData { get; init; }
}
