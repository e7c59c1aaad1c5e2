using Telephony.SharedKernel.Ids;
using Telephony.TaskRouter.Engine.Indexes;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

/// <summary>
/// The assignment engine of one workspace, in memory. Every public member takes the workspace
/// lock, so decisions are serial per workspace and workspaces never wait on each other. Decisions
/// read indexes (waiting tasks per queue and channel, available workers per queue and channel, due
/// timers) and never scan every task or worker; only configuration changes (queues, activities,
/// task channels) walk the workers.
/// </summary>
internal sealed partial class WorkspaceRouter
{
    public const string WorkflowTimeoutReason = "Task canceled on Workflow timeout";
    public const string TimeToLiveReason = "Task TTL Exceeded";
    public const string RerouteLimitReason = "Task canceled after being re-routed 1000 times";

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly IRoutingEventSink _events;
    private readonly Dictionary<string, RoutingActivity> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>Deleted queues' sids (never reused): an update that raced the delete must not bring one back.</summary>
    private readonly HashSet<string> _removedQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingWorkflow> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingWorker> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingWorker> _workersByFriendlyName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoutingReservation> _reservations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taskChannels = new(StringComparer.Ordinal);

    // The stored channels' sids by unique name, for the API's lookups; routing uses names only.
    private readonly Dictionary<string, string> _taskChannelSids = new(StringComparer.Ordinal);
    private readonly WaitingTasks _waiting = new();
    private readonly DueTimers _timers = new();
    private long _sequence;

    public WorkspaceRouter(WorkspaceRoutingSettings settings, TimeProvider clock, IRoutingEventSink events, IEnumerable<string>? taskChannels = null)
    {
        Settings = settings;
        _clock = clock;
        _events = events;
        _taskChannels.UnionWith(taskChannels ?? WorkspaceRoutingSettings.DefaultTaskChannels);
    }

    public WorkspaceRoutingSettings Settings { get; private set; }

    private DateTimeOffset Now => _clock.GetUtcNow();

    public void UpdateSettings(WorkspaceRoutingSettings settings)
    {
        lock (_lock)
        {
            Settings = settings;
            foreach (var worker in _workers.Values)
            {
                ReindexWorker(worker);
            }
        }
    }

    /// <summary>
    /// Where the last event about a live task or a worker (their reservations included) stands in the
    /// sink's order, or null when the engine holds neither. Read after the state it guards: that state
    /// came from events up to here.
    /// </summary>
    public long? LastEventSequence(string taskOrWorkerSid)
    {
        lock (_lock)
        {
            return _tasks.TryGetValue(taskOrWorkerSid, out var task) ? task.LastEventSequence
                : _workers.TryGetValue(taskOrWorkerSid, out var worker) ? worker.LastEventSequence
                : null;
        }
    }

    public TaskSnapshot? GetTask(string taskSid)
    {
        lock (_lock)
        {
            return _tasks.TryGetValue(taskSid, out var task) ? TaskSnapshot.Of(task) : null;
        }
    }

    public IReadOnlyList<TaskSnapshot> GetTasks()
    {
        lock (_lock)
        {
            return [.. _tasks.Values.Select(TaskSnapshot.Of)];
        }
    }

    /// <summary>Tasks held: every active one, and a finished one until the journal has recorded it (an upper bound of the active count).</summary>
    public int TaskCount
    {
        get
        {
            lock (_lock)
            {
                return _tasks.Count;
            }
        }
    }

    public WorkerSnapshot? GetWorker(string workerSid)
    {
        lock (_lock)
        {
            return _workers.TryGetValue(workerSid, out var worker) ? WorkerSnapshot.Of(worker) : null;
        }
    }

    public ReservationSnapshot? GetReservation(string reservationSid)
    {
        lock (_lock)
        {
            return _reservations.TryGetValue(reservationSid, out var reservation) ? ReservationSnapshot.Of(reservation) : null;
        }
    }

    public IReadOnlyList<ReservationSnapshot> GetTaskReservations(string taskSid)
    {
        lock (_lock)
        {
            return _tasks.TryGetValue(taskSid, out var task) ? [.. task.Reservations.Select(ReservationSnapshot.Of)] : [];
        }
    }

    /// <summary>The worker's reservations that hold capacity (pending, accepted, wrapping).</summary>
    public IReadOnlyList<ReservationSnapshot> GetActiveWorkerReservations(string workerSid)
    {
        lock (_lock)
        {
            return _workers.TryGetValue(workerSid, out var worker)
                ? [.. worker.ActiveReservations.Values.OrderBy(reservation => reservation.CreatedAt).Select(ReservationSnapshot.Of)]
                : [];
        }
    }

    private static string NewReservationSid() => Sid.New("WR");

    private long NextSequence() => ++_sequence;

    private void Emit(string eventType, string resourceSid, RoutingTask? task = null, RoutingWorker? worker = null, RoutingReservation? reservation = null, RoutingQueue? queue = null, string? description = null, ActivityChange? previousActivity = null)
    {
        var subject = task ?? reservation?.Task;
        if (subject is not null)
        {
            subject.Version++;
            subject.UpdatedAt = Now;
        }

        var actor = worker ?? reservation?.Worker;
        var sequence = _events.Publish(new RoutingEvent(
            eventType,
            Now,
            resourceSid,
            task?.Sid ?? reservation?.Task.Sid,
            worker?.Sid ?? reservation?.Worker.Sid,
            reservation?.Sid,
            queue?.Sid ?? reservation?.Queue.Sid ?? task?.Queue?.Sid,
            task?.Workflow.Sid ?? reservation?.Task.Workflow.Sid,
            description,
            subject is null ? null : TaskSnapshot.Of(subject),
            reservation is null ? null : ReservationSnapshot.Of(reservation),
            actor is null ? null : WorkerState.Of(actor),
            previousActivity));
        subject?.LastEventSequence = sequence;
        actor?.LastEventSequence = sequence;
    }
}
