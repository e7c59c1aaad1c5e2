using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class ConfigurationChangeTests
{
    [Fact]
    public void Changing_a_queue_target_workers_offers_its_waiting_tasks_to_the_newly_selected_workers()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1", "billing");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WKsupport", """{"skill":"support"}""");
        var task = bed.Task("WW1");
        bed.Reservations(task.Sid).Should().BeEmpty();

        bed.Queue("WQ1", "support");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKsupport");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Changing_a_queue_to_lifo_reorders_the_tasks_already_waiting()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", activity: Offline);
        bed.Task("WW1", priority: 5, sid: "WTolder");
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        bed.Task("WW1", priority: 0, sid: "WTnewer");

        bed.Queue("WQ1", order: QueueTaskOrder.Lifo);
        bed.Router.UpdateWorkerActivity("WK1", Available);

        bed.Router.GetActiveWorkerReservations("WK1").Single().TaskSid.Should().Be("WTnewer");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_removed_queue_is_skipped_by_a_task_whose_older_configuration_still_names_it()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQfirst", "nobody");
        bed.Queue("WQremoved");
        bed.Queue("WQfallback", "fallback");
        bed.Workflow("WW1", "WQfallback", Filter(null, new WorkflowTarget("WQfirst", Timeout: TimeSpan.FromSeconds(10)), new WorkflowTarget("WQremoved")));
        bed.Worker("WKanyone");
        bed.Worker("WKfallback", """{"skill":"fallback"}""");
        var task = bed.Task("WW1");

        bed.Router.RemoveQueue("WQremoved").Outcome.Should().Be(RoutingOutcome.Done);
        bed.Queue("WQremoved");
        bed.Advance(10);

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKfallback", "a deleted queue offers nothing, even after an update that raced its delete; the default filter takes the task");
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQfallback");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_queue_holding_an_active_task_is_not_removed()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        var task = bed.Task("WW1");
        bed.Router.AcceptReservation(bed.Pending(task.Sid).Sid).Outcome.Should().Be(RoutingOutcome.Done);

        bed.Router.RemoveQueue("WQ1").Outcome.Should().Be(RoutingOutcome.Conflict, "an assigned task is still in the queue");

        bed.Router.CompleteTask(task.Sid).Outcome.Should().Be(RoutingOutcome.Done);
        bed.Router.RemoveQueue("WQ1").Outcome.Should().Be(RoutingOutcome.Done);
        bed.Router.FindInvariantViolations().Should().BeEmpty("the worker left the removed queue");
    }

    [Fact]
    public void A_queue_whose_reservation_still_holds_a_worker_is_not_removed_after_its_task_moved_on()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQfirst");
        bed.Queue("WQnext", "nobody");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQfirst", Timeout: TimeSpan.FromSeconds(10)), new WorkflowTarget("WQnext")));
        bed.Worker("WK1");
        var task = bed.Task("WW1");
        var offer = bed.Pending(task.Sid);
        bed.Advance(10);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQnext", "the reserved task escalated with its offer still pending");
        bed.Router.AcceptReservation(offer.Sid).Outcome.Should().Be(RoutingOutcome.Done);

        bed.Router.RemoveQueue("WQfirst").Outcome.Should().Be(RoutingOutcome.Conflict, "the accepted reservation was made through it");

        bed.Router.CompleteTask(task.Sid).Outcome.Should().Be(RoutingOutcome.Done);
        bed.Router.RemoveQueue("WQfirst").Outcome.Should().Be(RoutingOutcome.Done);
    }

    [Fact]
    public void An_activity_a_worker_is_in_is_not_removed_and_a_removed_one_takes_no_worker()
    {
        var bed = new RoutingTestBed();
        bed.Worker("WK1", activity: Busy);

        bed.Router.RemoveActivity(Busy).Outcome.Should().Be(RoutingOutcome.Conflict);

        bed.Router.UpdateWorkerActivity("WK1", Available).Outcome.Should().Be(RoutingOutcome.Done);
        bed.Router.RemoveActivity(Busy).Outcome.Should().Be(RoutingOutcome.Done);
        bed.Router.UpdateWorkerActivity("WK1", Busy).Outcome.Should().Be(RoutingOutcome.NotFound, "a deleted activity takes no worker");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void An_activity_made_available_lets_its_workers_take_tasks()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", activity: Busy);
        var task = bed.Task("WW1");

        bed.Router.UpsertActivity(new RoutingActivity(Busy, "Busy", Available: true));

        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_new_task_channel_gives_every_worker_capacity_one_on_it()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        bed.Router.CreateTask(new NewRoutingTask("WTfax", "WW1", "{}", Channel: "fax")).Outcome.Should().Be(RoutingOutcome.NotFound);

        bed.Router.AddTaskChannel("fax");

        var task = bed.Task("WW1", channel: "fax");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void A_worker_holding_a_reservation_cannot_be_removed()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        var task = bed.Task("WW1");

        bed.Router.RemoveWorker("WK1").Outcome.Should().Be(RoutingOutcome.Conflict);
        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid);
        bed.Router.RemoveWorker("WK1").Outcome.Should().Be(RoutingOutcome.Done);

        bed.Router.GetWorker("WK1").Should().BeNull();
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_change_of_activity_says_which_activity_was_left_and_exactly_how_long_it_lasted()
    {
        var bed = new RoutingTestBed();
        bed.Worker("WK1", activity: Offline);
        bed.Advance(30);
        bed.Router.UpdateWorkerActivity("WK1", Available);
        bed.Advance(TimeSpan.FromMilliseconds(2_500));
        bed.Router.UpdateWorkerActivity("WK1", Busy);

        var changes = bed.Sink.OfType(EventTypes.WorkerActivityUpdate).Select(e => e.PreviousActivity).ToList();
        changes.Should().Equal(
            new ActivityChange(Offline, "Offline", TimeSpan.FromSeconds(30)),
            new ActivityChange(Available, "Available", TimeSpan.FromMilliseconds(2_500)));
    }

    [Fact]
    public void Renaming_an_activity_keeps_its_workers_in_it_without_an_event()
    {
        var bed = new RoutingTestBed();
        bed.Worker("WK1", activity: Busy);
        bed.Sink.Clear();
        bed.Advance(10);

        bed.Router.UpsertActivity(new RoutingActivity(Busy, "Lunch", Available: false));
        bed.Advance(5);
        bed.Router.UpdateWorkerActivity("WK1", Available);

        var change = bed.Sink.OfType(EventTypes.WorkerActivityUpdate).Single();
        change.PreviousActivity.Should().Be(new ActivityChange(Busy, "Lunch", TimeSpan.FromSeconds(15)));
        bed.ShouldBeConsistent();
    }
}
