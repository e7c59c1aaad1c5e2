using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Tests.Engine;

/// <summary>Records events; safe to publish from many threads (the engine publishes under its lock).</summary>
internal sealed class RecordingSink : IRoutingEventSink
{
    private readonly ConcurrentQueue<RoutingEvent> _events = new();

    /// <summary>The Twilio events, without the journal's state-only records.</summary>
    public IReadOnlyList<RoutingEvent> Events => [.. _events.Where(e => EventTypes.IsTwilioEvent(e.EventType))];

    public long Publish(RoutingEvent routingEvent)
    {
        _events.Enqueue(routingEvent);
        return 0;
    }

    public IReadOnlyList<RoutingEvent> OfType(string eventType) => [.. _events.Where(e => e.EventType == eventType)];

    public void Clear() => _events.Clear();
}

/// <summary>
/// A workspace router on a fake clock with C# predicates: the engine's rules are tested without
/// the expression language. Activities: <see cref="Available"/>, <see cref="Offline"/>, <see cref="Busy"/>.
/// </summary>
internal sealed class RoutingTestBed
{
    public const string Available = "WAavailable";
    public const string Offline = "WAoffline";
    public const string Busy = "WAbusy";

    private int _taskNumber;

    public RoutingTestBed(bool multiTask = true, QueueTaskOrder prioritizeQueueOrder = QueueTaskOrder.Fifo, string? timeoutActivitySid = null)
    {
        Router = new WorkspaceRouter(
            new WorkspaceRoutingSettings("WS1", multiTask, prioritizeQueueOrder, timeoutActivitySid),
            Clock,
            Sink);
        Router.UpsertActivity(new RoutingActivity(Available, "Available", Available: true));
        Router.UpsertActivity(new RoutingActivity(Offline, "Offline", Available: false));
        Router.UpsertActivity(new RoutingActivity(Busy, "Busy", Available: false));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public RecordingSink Sink { get; } = new();

    public WorkspaceRouter Router { get; }

    /// <summary>Matches a top-level attribute with a string value.</summary>
    public static bool Has(RoutingAttributes attributes, string name, string value) => attributes.Text(name) == value;

    /// <summary>A queue whose TargetWorkers is <c>skill == name</c> (or everyone when <paramref name="skill"/> is null).</summary>
    public string Queue(string sid, string? skill = null, int maxReservedWorkers = 1, QueueTaskOrder order = QueueTaskOrder.Fifo, string? reservationActivity = null, string? assignmentActivity = null)
    {
        Router.UpsertQueue(new QueueDefinition(
            sid,
            sid,
            skill is null ? _ => true : worker => Has(worker.Attributes, "skill", skill),
            maxReservedWorkers,
            order,
            reservationActivity,
            assignmentActivity));
        return sid;
    }

    public string Worker(string sid, string attributesJson = "{}", string activity = Available, IReadOnlyDictionary<string, int>? capacities = null)
    {
        Router.AddWorker(sid, "name-" + sid, attributesJson, activity, capacities).Outcome.Should().Be(RoutingOutcome.Done);
        return sid;
    }

    public void Workflow(string sid, string? defaultQueue, params WorkflowFilter[] filters) =>
        Router.UpsertWorkflow(RoutingWorkflow.Create(sid, filters, defaultQueue, TimeSpan.FromSeconds(30)));

    /// <summary>A filter matching tasks whose <c>type</c> attribute is <paramref name="type"/> (every task when null).</summary>
    public static WorkflowFilter Filter(string? type, params WorkflowTarget[] targets) =>
        new(type ?? "everything", type is null ? _ => true : task => Has(task.Attributes, "type", type), targets);

    public TaskSnapshot Task(string workflow, string attributesJson = "{}", int priority = 0, string channel = "default", string? sid = null)
    {
        var result = Router.CreateTask(new NewRoutingTask(sid ?? $"WT{Interlocked.Increment(ref _taskNumber):D4}", workflow, attributesJson, priority, channel));
        result.Outcome.Should().Be(RoutingOutcome.Done);
        return result.Task!;
    }

    public TaskSnapshot TaskState(string sid) => Router.GetTask(sid)!;

    public IReadOnlyList<ReservationSnapshot> Reservations(string taskSid) => Router.GetTaskReservations(taskSid);

    public ReservationSnapshot Pending(string taskSid) =>
        Router.GetTaskReservations(taskSid).Single(r => r.Status == ReservationStatus.Pending);

    public IReadOnlyList<string> PendingWorkers(string taskSid) =>
        [.. Router.GetTaskReservations(taskSid).Where(r => r.Status == ReservationStatus.Pending).Select(r => r.WorkerSid)];

    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Router.RunDue();
    }

    public void Advance(int seconds) => Advance(TimeSpan.FromSeconds(seconds));

    public void ShouldBeConsistent() => Router.FindInvariantViolations().Should().BeEmpty();
}
