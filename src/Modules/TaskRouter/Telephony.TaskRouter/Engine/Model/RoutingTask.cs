namespace Telephony.TaskRouter.Engine.Model;

/// <summary>Where a task is in its workflow: a filter's target, or the default filter.</summary>
internal sealed record RoutingStep(int FilterIndex, int TargetIndex, WorkflowTarget Target)
{
    public const int DefaultFilter = -1;

    public bool IsDefault => FilterIndex == DefaultFilter;

    /// <summary>The step as a configuration path: <c>task_routing.filters[1].targets[0]</c> or <c>default_filter</c>.</summary>
    public string Path => IsDefault ? "default_filter" : $"task_routing.filters[{FilterIndex}].targets[{TargetIndex}]";
}

/// <summary>A task's live state.</summary>
internal sealed class RoutingTask(string sid, RoutingWorkflow workflow, string channel, RoutingAttributes attributes, int priority, DateTimeOffset createdAt, long sequence)
{
    public string Sid { get; } = sid;

    /// <summary>The compiled workflow the task was evaluated with; replaced when its workflow is re-evaluated.</summary>
    public RoutingWorkflow Workflow { get; set; } = workflow;

    public string Channel { get; } = channel;

    public RoutingAttributes Attributes { get; set; } = attributes;

    public int Priority { get; set; } = priority;

    /// <summary>
    /// Age is measured from here (the creation, or Twilio's <c>VirtualStartTime</c>); queue order and
    /// target timeouts are cumulative against it. Changed only while the task is out of the waiting sets.
    /// </summary>
    public DateTimeOffset CreatedAt { get; set; } = createdAt;

    public long Sequence { get; } = sequence;

    public TaskAssignmentStatus Status { get; set; } = TaskAssignmentStatus.Pending;

    public string? Reason { get; set; }

    public RoutingStep? Step { get; set; }

    public RoutingQueue? Queue { get; set; }

    public DateTimeOffset? QueueEnteredAt { get; set; }

    public int PendingReservations { get; set; }

    public List<RoutingReservation> Reservations { get; } = [];

    /// <summary>Workers who rejected this task: never offered it again.</summary>
    public HashSet<string> RejectedBy { get; } = new(StringComparer.Ordinal);

    /// <summary>Times the task went back to pending after its reservations ended unaccepted.</summary>
    public int RerouteCount { get; set; }

    /// <summary>Attributes or priority changed while reserved: evaluate the workflow afresh when it is pending again.</summary>
    public bool NeedsEvaluation { get; set; }

    /// <summary>The last target timed out while reservations were pending: cancel when they end unaccepted.</summary>
    public bool WorkflowTimedOut { get; set; }

    /// <summary>The waiting-task index entry the task is in now (queue and channel), if any.</summary>
    public RoutingQueue? IndexedIn { get; set; }

    public DueTimer? TargetTimeout { get; set; }

    public DueTimer? TimeToLive { get; set; }

    public RoutingReservation? AcceptedReservation { get; set; }

    /// <summary>Grows on every change: the task's ETag, checked by If-Match under the workspace lock.</summary>
    public int Version { get; set; }

    public TaskDetails? Details { get; set; }

    /// <summary>When the task last changed (with <see cref="Version"/>): its recorded <c>date_updated</c>.</summary>
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    /// <summary>Where the last event about this task (or its reservations) stands in the sink's order: what a read of it waits for.</summary>
    public long LastEventSequence { get; set; }
}
