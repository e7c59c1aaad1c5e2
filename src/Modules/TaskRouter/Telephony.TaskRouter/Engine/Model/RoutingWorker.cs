using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Engine.Model;

/// <summary>A worker's capacity on one task channel (Twilio's worker channel).</summary>
internal sealed class WorkerChannel(RoutingWorker worker, string name, int capacity, bool available, DateTimeOffset idleSince)
{
    public RoutingWorker Worker { get; } = worker;

    public string Name { get; } = name;

    public int Capacity { get; set; } = capacity;

    public bool Available { get; set; } = available;

    /// <summary>Reservations on this channel that hold capacity (pending, accepted, wrapping).</summary>
    public int Used { get; set; }

    /// <summary>When this channel last got a reservation, or its worker last became available: the "idle longest" key.</summary>
    public DateTimeOffset IdleSince { get; set; } = idleSince;

    /// <summary>The queues whose available-worker set holds this channel now, so it can leave them exactly.</summary>
    public List<RoutingQueue> IndexedIn { get; } = [];
}

/// <summary>A worker's live state.</summary>
internal sealed class RoutingWorker(string sid, string friendlyName, RoutingAttributes attributes, RoutingActivity activity, long sequence)
{
    private AttributeSet? _expressionView;

    public string Sid { get; } = sid;

    public string FriendlyName { get; set; } = friendlyName;

    public RoutingAttributes Attributes
    {
        get;
        set
        {
            field = value;
            _expressionView = null;
        }
    } = attributes;

    public RoutingActivity Activity
    {
        get;
        set
        {
            field = value;
            _expressionView = null;
        }
    } = activity;

    public DateTimeOffset ActivityChangedAt { get; set; }

    /// <summary>Where the last event about this worker (or its reservations) stands in the sink's order: what a read of it waits for.</summary>
    public long LastEventSequence { get; set; }

    /// <summary>Creation order: the last tie-break, so that orderings are total and repeatable.</summary>
    public long Sequence { get; } = sequence;

    public Dictionary<string, WorkerChannel> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues whose <c>TargetWorkers</c> match this worker.</summary>
    public HashSet<RoutingQueue> Queues { get; } = [];

    /// <summary>Reservations that hold capacity, by sid.</summary>
    public Dictionary<string, RoutingReservation> ActiveReservations { get; } = new(StringComparer.Ordinal);

    /// <summary>The attributes plus <c>sid</c>, <c>friendly_name</c> and <c>activity_name</c>, for target expressions.</summary>
    public AttributeSet ExpressionView => _expressionView ??= Attributes.ExpressionView
        .With("sid", Sid)
        .With("friendly_name", FriendlyName)
        .With("activity_name", Activity.FriendlyName);
}
