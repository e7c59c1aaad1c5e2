using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class WorkerSelectionTests
{
    [Fact]
    public void Without_order_by_the_worker_idle_longest_is_reserved()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WKfirst", activity: Offline);
        bed.Worker("WKsecond", activity: Offline);
        bed.Router.UpdateWorkerActivity("WKsecond", Available);
        bed.Clock.Advance(TimeSpan.FromSeconds(5));
        bed.Router.UpdateWorkerActivity("WKfirst", Available);

        var task = bed.Task("WW1");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKsecond", "it became available five seconds earlier");
    }

    [Fact]
    public void A_worker_who_just_finished_a_task_goes_behind_workers_idle_longer()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        bed.Worker("WK2");
        var first = bed.Task("WW1");
        var reservation = bed.Pending(first.Sid);
        reservation.WorkerSid.Should().Be("WK1");
        bed.Router.AcceptReservation(reservation.Sid);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        bed.Router.CompleteTask(first.Sid);

        var second = bed.Task("WW1");

        bed.Pending(second.Sid).WorkerSid.Should().Be("WK2");
    }

    [Fact]
    public void Order_by_picks_the_worker_with_the_best_attribute()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WKlow", """{"level":1}""");
        bed.Worker("WKhigh", """{"level":9}""");
        bed.Worker("WKmid", """{"level":5}""");
        var byLevelDescending = Comparer<RoutingWorker>.Create((a, b) => (b.Attributes.Number("level") ?? 0).CompareTo(a.Attributes.Number("level") ?? 0));
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1", OrderBy: byLevelDescending)));

        var task = bed.Task("WW1");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKhigh");
    }

    [Fact]
    public void Order_by_ties_fall_back_to_idle_longest()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WKlater", """{"level":5}""", activity: Offline);
        bed.Worker("WKearlier", """{"level":5}""", activity: Offline);
        bed.Router.UpdateWorkerActivity("WKearlier", Available);
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        bed.Router.UpdateWorkerActivity("WKlater", Available);
        var byLevel = Comparer<RoutingWorker>.Create((a, b) => (a.Attributes.Number("level") ?? 0).CompareTo(b.Attributes.Number("level") ?? 0));
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1", OrderBy: byLevel)));

        var task = bed.Task("WW1");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKearlier");
    }

    [Fact]
    public void A_worker_in_an_unavailable_activity_is_not_offered_tasks_until_available()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", activity: Offline);
        var task = bed.Task("WW1");
        bed.Reservations(task.Sid).Should().BeEmpty();

        bed.Router.UpdateWorkerActivity("WK1", Available);

        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
        bed.Sink.OfType(EventTypes.WorkerActivityUpdate).Should().ContainSingle();
    }

    [Fact]
    public void Multitasking_fills_the_configured_capacity_of_each_channel()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", capacities: new Dictionary<string, int> { ["chat"] = 3, ["voice"] = 1 });

        var chats = Enumerable.Range(0, 4).Select(_ => bed.Task("WW1", channel: "chat")).ToList();
        var calls = Enumerable.Range(0, 2).Select(_ => bed.Task("WW1", channel: "voice")).ToList();

        chats.Select(task => bed.TaskState(task.Sid).Status).Should().Equal(
            TaskAssignmentStatus.Reserved, TaskAssignmentStatus.Reserved, TaskAssignmentStatus.Reserved, TaskAssignmentStatus.Pending);
        calls.Select(task => bed.TaskState(task.Sid).Status).Should().Equal(TaskAssignmentStatus.Reserved, TaskAssignmentStatus.Pending);
        bed.Router.GetWorker("WK1")!.Channels["chat"].Used.Should().Be(3);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Multitasking_prefers_the_worker_with_the_least_consumed_capacity()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WKbig", capacities: new Dictionary<string, int> { ["chat"] = 4 });
        bed.Worker("WKsmall", capacities: new Dictionary<string, int> { ["chat"] = 2 });

        var offered = Enumerable.Range(0, 3).Select(_ => bed.Pending(bed.Task("WW1", channel: "chat").Sid).WorkerSid).ToList();

        offered.Should().Equal("WKbig", "WKsmall", "WKbig");
    }

    [Fact]
    public void Freeing_capacity_offers_the_next_waiting_task_on_that_channel()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", capacities: new Dictionary<string, int> { ["chat"] = 1 });
        var first = bed.Task("WW1", channel: "chat");
        var second = bed.Task("WW1", channel: "chat");
        bed.Router.AcceptReservation(bed.Pending(first.Sid).Sid);

        bed.Router.CompleteTask(first.Sid);

        bed.Pending(second.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void An_unavailable_channel_takes_no_tasks()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        bed.Router.UpdateWorkerChannel("WK1", "voice", available: false);

        var call = bed.Task("WW1", channel: "voice");
        bed.Reservations(call.Sid).Should().BeEmpty();

        bed.Router.UpdateWorkerChannel("WK1", "voice", available: true);
        bed.Pending(call.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void A_single_tasking_workspace_gives_a_worker_one_task_at_a_time_across_channels()
    {
        var bed = new RoutingTestBed(multiTask: false);
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", capacities: new Dictionary<string, int> { ["chat"] = 5 });

        var chat = bed.Task("WW1", channel: "chat");
        var call = bed.Task("WW1", channel: "voice");

        bed.TaskState(chat.Sid).Status.Should().Be(TaskAssignmentStatus.Reserved);
        bed.TaskState(call.Sid).Status.Should().Be(TaskAssignmentStatus.Pending);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Single_tasking_moves_the_worker_to_the_queue_reservation_and_assignment_activities()
    {
        var bed = new RoutingTestBed(multiTask: false);
        bed.Router.UpsertActivity(new RoutingActivity("WAreserved", "Reserved", Available: false));
        bed.Router.UpsertActivity(new RoutingActivity("WAoncall", "On call", Available: false));
        bed.Queue("WQ1", reservationActivity: "WAreserved", assignmentActivity: "WAoncall");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");

        var task = bed.Task("WW1");
        bed.Router.GetWorker("WK1")!.ActivitySid.Should().Be("WAreserved");

        bed.Router.AcceptReservation(bed.Pending(task.Sid).Sid);
        bed.Router.GetWorker("WK1")!.ActivitySid.Should().Be("WAoncall");
        bed.ShouldBeConsistent();
    }
}
