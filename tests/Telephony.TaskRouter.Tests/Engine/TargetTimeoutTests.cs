using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class TargetTimeoutTests
{
    private static RoutingTestBed ThreeStepBed()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1", "one");
        bed.Queue("WQ2", "two");
        bed.Queue("WQ3", "three");
        bed.Workflow("WW1", "WQ1", Filter(
            null,
            new WorkflowTarget("WQ1", Timeout: TimeSpan.FromSeconds(10)),
            new WorkflowTarget("WQ2", Timeout: TimeSpan.FromSeconds(10)),
            new WorkflowTarget("WQ3", Timeout: TimeSpan.FromSeconds(10))));
        return bed;
    }

    [Fact]
    public void A_target_timeout_moves_the_task_to_the_next_target()
    {
        var bed = ThreeStepBed();
        var task = bed.Task("WW1");

        bed.Advance(9);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ1");

        bed.Advance(1);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ2");
        bed.Sink.OfType(EventTypes.TaskQueueTimeout).Should().ContainSingle();
    }

    [Fact]
    public void Target_timeouts_are_cumulative_against_the_task_age()
    {
        var bed = ThreeStepBed();
        var task = bed.Task("WW1");

        bed.Advance(10);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ2");
        bed.Advance(9);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ2", "the second target ends at age 20, not 10 seconds after entering it");
        bed.Advance(1);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ3");
    }

    [Fact]
    public void The_task_is_canceled_with_a_reason_when_the_last_target_times_out()
    {
        var bed = ThreeStepBed();
        var task = bed.Task("WW1");

        bed.Advance(30);

        var state = bed.TaskState(task.Sid);
        state.Status.Should().Be(TaskAssignmentStatus.Canceled);
        state.Reason.Should().Be(WorkspaceRouter.WorkflowTimeoutReason);
        bed.Sink.OfType(EventTypes.WorkflowTimeout).Should().ContainSingle();
        bed.Sink.OfType(EventTypes.TaskCanceled).Should().ContainSingle().Which.Description.Should().Be(WorkspaceRouter.WorkflowTimeoutReason);
        bed.Router.NextDueAt.Should().BeNull("a canceled task leaves no timers behind");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_task_escalated_to_a_target_with_an_available_worker_is_reserved_there()
    {
        var bed = ThreeStepBed();
        bed.Worker("WKtwo", """{"skill":"two"}""");
        var task = bed.Task("WW1");
        bed.Reservations(task.Sid).Should().BeEmpty();

        bed.Advance(10);

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKtwo");
        bed.Pending(task.Sid).TaskQueueSid.Should().Be("WQ2");
    }

    [Fact]
    public void The_last_target_timing_out_during_a_pending_reservation_lets_the_worker_answer_first()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WK1");
        bed.Router.UpsertWorkflow(RoutingWorkflow.Create(
            "WW1",
            [Filter(null, new WorkflowTarget("WQ1", Timeout: TimeSpan.FromSeconds(10)))],
            null,
            reservationTimeout: TimeSpan.FromSeconds(60)));
        var task = bed.Task("WW1");
        var reservation = bed.Pending(task.Sid);

        bed.Advance(10);
        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Reserved);

        bed.Router.AcceptReservation(reservation.Sid).Outcome.Should().Be(RoutingOutcome.Done);
        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Assigned);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void The_last_target_timing_out_during_a_pending_reservation_cancels_once_it_is_rejected()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WK1");
        bed.Worker("WK2");
        bed.Router.UpsertWorkflow(RoutingWorkflow.Create(
            "WW1",
            [Filter(null, new WorkflowTarget("WQ1", Timeout: TimeSpan.FromSeconds(10)))],
            null,
            reservationTimeout: TimeSpan.FromSeconds(60)));
        var task = bed.Task("WW1");

        bed.Advance(10);
        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid);

        var state = bed.TaskState(task.Sid);
        state.Status.Should().Be(TaskAssignmentStatus.Canceled);
        state.Reason.Should().Be(WorkspaceRouter.WorkflowTimeoutReason);
        bed.Reservations(task.Sid).Should().ContainSingle("WK2 is not offered a task whose workflow has timed out");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_task_past_its_time_to_live_is_canceled()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        var created = bed.Router.CreateTask(new NewRoutingTask("WTttl", "WW1", "{}", TimeToLive: TimeSpan.FromSeconds(300)));

        bed.Advance(299);
        bed.TaskState("WTttl").Status.Should().Be(TaskAssignmentStatus.Pending);
        bed.Advance(1);

        created.Task!.Status.Should().Be(TaskAssignmentStatus.Pending);
        bed.TaskState("WTttl").Status.Should().Be(TaskAssignmentStatus.Canceled);
        bed.TaskState("WTttl").Reason.Should().Be(WorkspaceRouter.TimeToLiveReason);
    }

    [Fact]
    public void A_task_restored_after_a_restart_keeps_counting_its_age_from_its_creation()
    {
        var bed = ThreeStepBed();
        var createdBeforeRestart = bed.Clock.GetUtcNow().AddSeconds(-15);

        bed.Router.CreateTask(new NewRoutingTask("WTrestored", "WW1", "{}", CreatedAt: createdBeforeRestart));

        bed.TaskState("WTrestored").TaskQueueSid.Should().Be("WQ2", "at age 15 the first 10-second target is already over");
        bed.Advance(5);
        bed.TaskState("WTrestored").TaskQueueSid.Should().Be("WQ3");
    }

    [Fact]
    public void The_engine_reports_what_is_due_for_a_durable_scheduler()
    {
        var bed = ThreeStepBed();
        bed.Task("WW1", sid: "WTdue");

        var due = bed.Router.DueUntil(bed.Clock.GetUtcNow().AddSeconds(10));

        due.Should().ContainSingle().Which.Should().Match<DueTimer>(timer => timer.Kind == DueKind.TargetTimeout && timer.Sid == "WTdue");
        bed.Router.NextDueAt.Should().Be(bed.Clock.GetUtcNow().AddSeconds(10));
        bed.Router.RunDue().Should().Be(0, "nothing is due yet");
    }
}
