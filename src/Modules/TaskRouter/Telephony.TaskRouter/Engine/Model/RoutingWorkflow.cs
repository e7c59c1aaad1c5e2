namespace Telephony.TaskRouter.Engine.Model;

/// <summary>
/// One routing step of a filter. <see cref="QueueSid"/> is always set once the workflow is built:
/// a target without a queue inherits the previous target's.
/// </summary>
internal sealed record WorkflowTarget(
    string? QueueSid,
    int? Priority = null,
    TimeSpan? Timeout = null,
    TaskWorkerPredicate? Expression = null,
    IComparer<RoutingWorker>? OrderBy = null,
    SkipPredicate? SkipIf = null,
    KnownWorkerSelector? KnownWorkerSid = null,
    KnownWorkerSelector? KnownWorkerFriendlyName = null)
{
    public bool NamesKnownWorker => KnownWorkerSid is not null || KnownWorkerFriendlyName is not null;
}

internal sealed record WorkflowFilter(string FriendlyName, TaskPredicate Matches, IReadOnlyList<WorkflowTarget> Targets);

/// <summary>A compiled workflow configuration.</summary>
internal sealed class RoutingWorkflow
{
    public static readonly TimeSpan DefaultReservationTimeout = TimeSpan.FromSeconds(120);

    private RoutingWorkflow(string sid, IReadOnlyList<WorkflowFilter> filters, WorkflowTarget? defaultTarget, TimeSpan reservationTimeout, string? friendlyName)
    {
        Sid = sid;
        FriendlyName = friendlyName;
        Filters = filters;
        DefaultTarget = defaultTarget;
        ReservationTimeout = reservationTimeout;
    }

    public string Sid { get; }

    /// <summary>Shown on the tasks it routes; routing never reads it.</summary>
    public string? FriendlyName { get; }

    public IReadOnlyList<WorkflowFilter> Filters { get; }

    /// <summary><c>default_filter</c>: where a task goes when no filter matched or every matching filter was skipped.</summary>
    public WorkflowTarget? DefaultTarget { get; }

    /// <summary><c>TaskReservationTimeout</c>: each reservation's own clock.</summary>
    public TimeSpan ReservationTimeout { get; }

    /// <summary>Builds a workflow, giving every target without a queue the queue of the target above it.</summary>
    public static RoutingWorkflow Create(string sid, IEnumerable<WorkflowFilter> filters, string? defaultQueueSid, TimeSpan? reservationTimeout = null, string? friendlyName = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var resolved = new List<WorkflowFilter>();
        foreach (var filter in filters)
        {
            var targets = new List<WorkflowTarget>(filter.Targets.Count);
            string? inherited = null;
            foreach (var target in filter.Targets)
            {
                var queue = target.QueueSid ?? inherited
                    ?? throw new ArgumentException($"The first target of filter '{filter.FriendlyName}' has no queue.", nameof(filters));
                targets.Add(target with { QueueSid = queue });
                inherited = queue;
            }

            resolved.Add(filter with { Targets = targets });
        }

        var defaultTarget = defaultQueueSid is null ? null : new WorkflowTarget(defaultQueueSid);
        return new RoutingWorkflow(sid, resolved, defaultTarget, reservationTimeout ?? DefaultReservationTimeout, friendlyName);
    }
}
