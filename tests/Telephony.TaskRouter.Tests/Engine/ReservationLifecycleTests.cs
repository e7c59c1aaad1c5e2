using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class ReservationLifecycleTests
{
    private static RoutingTestBed Bed(int maxReservedWorkers = 1, string? timeoutActivity = null, params string[] workers)
    {
        var bed = new RoutingTestBed(timeoutActivitySid: timeoutActivity);
        bed.Queue("WQ1", maxReservedWorkers: maxReservedWorkers);
        bed.Workflow("WW1", "WQ1");
        foreach (var worker in workers)
        {
            bed.Worker(worker);
        }

        return bed;
    }

    [Fact]
    public void Accepting_assigns_the_task_and_keeps_the_worker_capacity()
    {
        var bed = Bed(workers: "WK1");
        var task = bed.Task("WW1");

        var result = bed.Router.AcceptReservation(bed.Pending(task.Sid).Sid);

        result.Outcome.Should().Be(RoutingOutcome.Done);
        result.Task!.Status.Should().Be(TaskAssignmentStatus.Assigned);
        result.Task.AssignedWorkerSid.Should().Be("WK1");
        result.Reservation!.Status.Should().Be(ReservationStatus.Accepted);
        bed.Router.GetWorker("WK1")!.Channels["default"].Used.Should().Be(1);
        bed.Router.NextDueAt.Should().BeNull("an assigned task has no reservation, target or TTL timer left");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Accepting_twice_is_a_conflict_that_reports_the_current_state()
    {
        var bed = Bed(workers: "WK1");
        var task = bed.Task("WW1");
        var reservation = bed.Pending(task.Sid);
        bed.Router.AcceptReservation(reservation.Sid);

        var second = bed.Router.AcceptReservation(reservation.Sid);

        second.Outcome.Should().Be(RoutingOutcome.Conflict);
        second.Reservation!.Status.Should().Be(ReservationStatus.Accepted);
        second.Task!.Status.Should().Be(TaskAssignmentStatus.Assigned);
    }

    [Fact]
    public void An_unknown_reservation_is_not_found()
    {
        var bed = Bed(workers: "WK1");

        bed.Router.AcceptReservation("WRnope").Outcome.Should().Be(RoutingOutcome.NotFound);
        bed.Router.RejectReservation("WRnope").Outcome.Should().Be(RoutingOutcome.NotFound);
    }

    [Fact]
    public void Rejecting_offers_the_task_to_the_next_worker_and_never_again_to_the_rejecter()
    {
        var bed = Bed(workers: ["WK1", "WK2"]);
        var task = bed.Task("WW1");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");

        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid).Outcome.Should().Be(RoutingOutcome.Done);
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK2");

        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid);
        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Pending, "both workers rejected it");
        bed.TaskState(task.Sid).RerouteCount.Should().Be(2);

        bed.Router.UpdateWorkerActivity("WK1", Offline);
        bed.Router.UpdateWorkerActivity("WK1", Available);
        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Pending, "a rejecter is never offered the task again");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Rejecting_with_an_activity_moves_the_worker_and_frees_it_for_other_tasks()
    {
        var bed = Bed(workers: "WK1");
        var first = bed.Task("WW1");
        var second = bed.Task("WW1");

        bed.Router.RejectReservation(bed.Pending(first.Sid).Sid, Offline);

        bed.Router.GetWorker("WK1")!.ActivitySid.Should().Be(Offline);
        bed.Reservations(second.Sid).Should().BeEmpty();

        bed.Router.UpdateWorkerActivity("WK1", Available);
        bed.Pending(second.Sid).WorkerSid.Should().Be("WK1", "the first task was rejected by WK1");
    }

    [Fact]
    public void A_reservation_timeout_moves_the_worker_to_the_timeout_activity_and_routes_the_task_on()
    {
        var bed = Bed(timeoutActivity: Offline, workers: ["WK1", "WK2"]);
        var task = bed.Task("WW1");
        var first = bed.Pending(task.Sid);

        bed.Advance(29);
        bed.Router.GetReservation(first.Sid)!.Status.Should().Be(ReservationStatus.Pending);
        bed.Advance(1);

        bed.Router.GetReservation(first.Sid)!.Status.Should().Be(ReservationStatus.Timeout);
        bed.Router.GetWorker("WK1")!.ActivitySid.Should().Be(Offline);
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK2");
        bed.Sink.OfType(EventTypes.ReservationTimeout).Should().ContainSingle();
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Each_reservation_gets_its_own_timeout()
    {
        var bed = Bed(workers: ["WK1", "WK2"]);
        var task = bed.Task("WW1");
        bed.Advance(20);
        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid);
        var second = bed.Pending(task.Sid);

        bed.Advance(20);

        bed.Router.GetReservation(second.Sid)!.Status.Should().Be(ReservationStatus.Pending, "the second reservation started its own 30 seconds");
    }

    [Fact]
    public void Multi_reservation_offers_several_workers_and_the_first_accept_rescinds_the_others()
    {
        var bed = Bed(maxReservedWorkers: 3, workers: ["WK1", "WK2", "WK3", "WK4"]);
        var task = bed.Task("WW1");
        var offered = bed.Reservations(task.Sid);
        offered.Select(r => r.WorkerSid).Should().Equal("WK1", "WK2", "WK3");

        bed.Router.AcceptReservation(offered[1].Sid).Outcome.Should().Be(RoutingOutcome.Done);
        var late = bed.Router.AcceptReservation(offered[0].Sid);

        late.Outcome.Should().Be(RoutingOutcome.Conflict);
        late.Reservation!.Status.Should().Be(ReservationStatus.Rescinded);
        late.Task!.AssignedWorkerSid.Should().Be("WK2");
        bed.Reservations(task.Sid).Select(r => r.Status).Should().Equal(ReservationStatus.Rescinded, ReservationStatus.Accepted, ReservationStatus.Rescinded);
        bed.Sink.OfType(EventTypes.ReservationRescinded).Should().HaveCount(2);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Multi_reservation_keeps_the_task_reserved_while_any_offer_is_pending_and_fills_a_rejected_slot()
    {
        var bed = Bed(maxReservedWorkers: 2, workers: ["WK1", "WK2"]);
        var task = bed.Task("WW1");
        bed.Worker("WK3");

        bed.Router.RejectReservation(bed.Reservations(task.Sid)[0].Sid);

        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Reserved);
        bed.PendingWorkers(task.Sid).Should().BeEquivalentTo(["WK2", "WK3"]);
        bed.TaskState(task.Sid).RerouteCount.Should().Be(0, "the task never went back to pending");
    }

    [Fact]
    public void Canceling_a_reserved_task_cancels_its_pending_reservations_and_frees_the_workers()
    {
        var bed = Bed(maxReservedWorkers: 2, workers: ["WK1", "WK2"]);
        var task = bed.Task("WW1");

        var result = bed.Router.CancelTask(task.Sid, "caller hung up");

        result.Task!.Status.Should().Be(TaskAssignmentStatus.Canceled);
        result.Task.Reason.Should().Be("caller hung up");
        bed.Reservations(task.Sid).Should().OnlyContain(r => r.Status == ReservationStatus.Canceled);
        bed.Router.GetWorker("WK1")!.Channels["default"].Used.Should().Be(0);
        var next = bed.Task("WW1");
        bed.Reservations(next.Sid).Should().HaveCount(2);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void An_assigned_task_cannot_be_canceled_but_wraps_up_and_completes()
    {
        var bed = Bed(workers: "WK1");
        var task = bed.Task("WW1");
        var reservation = bed.Pending(task.Sid);
        bed.Router.AcceptReservation(reservation.Sid);

        bed.Router.CancelTask(task.Sid).Outcome.Should().Be(RoutingOutcome.Conflict);
        bed.Router.CompleteReservation("WRnope").Outcome.Should().Be(RoutingOutcome.NotFound);

        bed.Router.WrapUpReservation(reservation.Sid).Task!.Status.Should().Be(TaskAssignmentStatus.Wrapping);
        bed.Router.GetWorker("WK1")!.Channels["default"].Used.Should().Be(1, "wrapping still holds capacity");

        var completed = bed.Router.CompleteReservation(reservation.Sid);
        completed.Task!.Status.Should().Be(TaskAssignmentStatus.Completed);
        completed.Reservation!.Status.Should().Be(ReservationStatus.Completed);
        bed.Router.GetWorker("WK1")!.Channels["default"].Used.Should().Be(0);
        bed.Router.CompleteTask(task.Sid).Outcome.Should().Be(RoutingOutcome.Conflict);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Rejecting_pending_reservations_on_an_activity_change_routes_those_tasks_elsewhere()
    {
        var bed = Bed(workers: ["WK1"]);
        var task = bed.Task("WW1");
        bed.Worker("WK2", activity: Offline);
        bed.Router.UpdateWorkerActivity("WK2", Available);

        bed.Router.UpdateWorkerActivity("WK1", Offline, rejectPendingReservations: true);

        bed.Pending(task.Sid).WorkerSid.Should().Be("WK2");
        bed.Reservations(task.Sid)[0].Status.Should().Be(ReservationStatus.Rejected);
    }

    [Fact]
    public void Going_offline_without_rejecting_keeps_the_pending_reservation()
    {
        var bed = Bed(workers: ["WK1"]);
        var task = bed.Task("WW1");

        bed.Router.UpdateWorkerActivity("WK1", Offline);

        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_task_re_routed_a_thousand_times_is_canceled()
    {
        var bed = Bed(workers: "WK1");
        var task = bed.Task("WW1");

        for (var attempt = 0; attempt < WorkspaceRoutingSettings.MaxReroutes; attempt++)
        {
            bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Reserved);
            bed.Advance(30);
        }

        var state = bed.TaskState(task.Sid);
        state.Status.Should().Be(TaskAssignmentStatus.Canceled);
        state.Reason.Should().Be(WorkspaceRouter.RerouteLimitReason);
        bed.Reservations(task.Sid).Should().HaveCount(WorkspaceRoutingSettings.MaxReroutes).And.OnlyContain(r => r.Status == ReservationStatus.Timeout);
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Updating_a_reserved_task_re_evaluates_the_workflow_when_it_is_pending_again()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsupport", "support");
        bed.Queue("WQsales", "sales");
        bed.Worker("WKsupport", """{"skill":"support"}""");
        bed.Worker("WKsales", """{"skill":"sales"}""");
        bed.Workflow("WW1", null, Filter("support", new WorkflowTarget("WQsupport")), Filter("sales", new WorkflowTarget("WQsales")));
        var task = bed.Task("WW1", """{"type":"support"}""");

        bed.Router.UpdateTask(task.Sid, attributesJson: """{"type":"sales"}""");
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQsupport", "a reserved task keeps its offer");
        bed.Router.RejectReservation(bed.Pending(task.Sid).Sid);

        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQsales");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WKsales");
    }
}
