using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class WorkflowRoutingTests
{
    [Fact]
    public void First_matching_filter_wins_even_when_a_later_filter_also_matches()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsupport", "support");
        bed.Queue("WQeveryone");
        bed.Worker("WKsupport", """{"skill":"support"}""");
        bed.Workflow("WW1", "WQeveryone", Filter("support", new WorkflowTarget("WQsupport")), Filter(null, new WorkflowTarget("WQeveryone")));

        var task = bed.Task("WW1", """{"type":"support"}""");

        task.TaskQueueSid.Should().Be("WQsupport");
        task.RoutingTarget.Should().Be("task_routing.filters[0].targets[0]");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WKsupport");
        bed.Sink.OfType(EventTypes.WorkflowTargetMatched).Should().ContainSingle();
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void A_task_matching_no_filter_goes_to_the_default_filter()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsupport", "support");
        bed.Queue("WQeveryone");
        bed.Workflow("WW1", "WQeveryone", Filter("support", new WorkflowTarget("WQsupport")));

        var task = bed.Task("WW1", """{"type":"sales"}""");

        task.TaskQueueSid.Should().Be("WQeveryone");
        task.RoutingTarget.Should().Be("default_filter");
        task.Status.Should().Be(TaskAssignmentStatus.Pending);
    }

    [Fact]
    public void Without_a_default_filter_an_unmatched_task_waits_unqueued_until_its_attributes_change()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsupport");
        bed.Worker("WK1");
        bed.Workflow("WW1", null, Filter("support", new WorkflowTarget("WQsupport")));

        var task = bed.Task("WW1", """{"type":"sales"}""");
        task.TaskQueueSid.Should().BeNull();
        task.Status.Should().Be(TaskAssignmentStatus.Pending);

        bed.Router.UpdateTask(task.Sid, attributesJson: """{"type":"support"}""");

        bed.TaskState(task.Sid).Status.Should().Be(TaskAssignmentStatus.Reserved);
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void A_target_priority_overwrites_the_task_priority()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1", Priority: 50)));

        var task = bed.Task("WW1", priority: 3);

        task.Priority.Should().Be(50);
    }

    [Fact]
    public void A_target_without_a_queue_inherits_the_queue_of_the_target_above()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", null, Filter(
            null,
            new WorkflowTarget("WQ1", Timeout: TimeSpan.FromSeconds(10), Expression: (_, worker) => worker.Sid == "WKvip"),
            new WorkflowTarget(null)));
        bed.Worker("WKother");

        var task = bed.Task("WW1");
        task.Status.Should().Be(TaskAssignmentStatus.Pending, "only WKvip matches the first target");

        bed.Advance(10);

        var escalated = bed.TaskState(task.Sid);
        escalated.RoutingTarget.Should().Be("task_routing.filters[0].targets[1]");
        escalated.TaskQueueSid.Should().Be("WQ1");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WKother");
    }

    [Fact]
    public void A_first_target_without_a_queue_is_refused_when_the_workflow_is_built()
    {
        var build = () => RoutingWorkflow.Create("WW1", [Filter("support", new WorkflowTarget(null))], null);

        build.Should().Throw<ArgumentException>().WithMessage("*first target of filter 'support' has no queue*");
    }

    [Fact]
    public void A_target_expression_over_task_and_worker_limits_who_is_offered_the_task()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WKen", """{"language":"en"}""");
        bed.Worker("WKfr", """{"language":"fr"}""");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget(
            "WQ1",
            Expression: (task, worker) => task.Attributes.Text("language") == worker.Attributes.Text("language"))));

        var task = bed.Task("WW1", """{"language":"fr"}""");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKfr");
    }

    [Fact]
    public void A_queue_offers_tasks_only_to_workers_its_target_workers_selects()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQbilling", "billing");
        bed.Worker("WKsupport", """{"skill":"support"}""");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQbilling")));

        var task = bed.Task("WW1");
        bed.Reservations(task.Sid).Should().BeEmpty();

        bed.Router.UpdateWorkerAttributes("WKsupport", """{"skill":"billing"}""");

        bed.Pending(task.Sid).WorkerSid.Should().Be("WKsupport");
    }

    [Fact]
    public void Skip_if_moves_on_when_no_reservation_can_be_made_at_once()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQexperts", "expert");
        bed.Queue("WQeveryone");
        bed.Worker("WKexpert", """{"skill":"expert"}""", activity: Offline);
        bed.Worker("WKgeneral");
        bed.Workflow("WW1", null, Filter(
            null,
            new WorkflowTarget("WQexperts", Timeout: TimeSpan.FromSeconds(60), SkipIf: (_, workers) => workers.Available == 0),
            new WorkflowTarget("WQeveryone")));

        var task = bed.Task("WW1");

        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQeveryone");
        bed.Sink.OfType(EventTypes.WorkflowSkipped).Should().ContainSingle().Which.Description.Should().Be("task_routing.filters[0].targets[0]");
    }

    [Fact]
    public void Skip_if_is_not_evaluated_when_a_reservation_is_made_at_once()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Queue("WQ2");
        bed.Worker("WK1");
        var skipEvaluations = 0;
        bed.Workflow("WW1", null, Filter(
            null,
            new WorkflowTarget("WQ1", SkipIf: (_, _) => ++skipEvaluations > 0),
            new WorkflowTarget("WQ2")));

        var task = bed.Task("WW1");

        skipEvaluations.Should().Be(0);
        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ1");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void Skip_if_that_is_false_keeps_the_task_waiting_in_the_target()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Queue("WQ2");
        bed.Worker("WK1", activity: Busy);
        bed.Workflow("WW1", null, Filter(
            null,
            new WorkflowTarget("WQ1", SkipIf: (_, workers) => workers.Available == 0 && workers.ByActivitySid.GetValueOrDefault(Busy) == 0),
            new WorkflowTarget("WQ2")));

        var task = bed.Task("WW1");

        bed.TaskState(task.Sid).TaskQueueSid.Should().Be("WQ1", "a busy member exists, so workers.WAbusy is 1");
        bed.Sink.OfType(EventTypes.WorkflowSkipped).Should().BeEmpty();
    }

    [Fact]
    public void A_filter_whose_targets_are_all_skipped_counts_as_unmatched_and_the_default_filter_takes_the_task()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Queue("WQ2");
        bed.Queue("WQdefault");
        bed.Worker("WKoffline", activity: Offline);
        bed.Workflow(
            "WW1",
            "WQdefault",
            Filter(null, new WorkflowTarget("WQ1", SkipIf: (_, w) => w.Available == 0), new WorkflowTarget("WQ2", SkipIf: (_, w) => w.Available == 0)));

        var task = bed.Task("WW1");

        task.TaskQueueSid.Should().Be("WQdefault");
        task.RoutingTarget.Should().Be("default_filter");
        bed.Sink.OfType(EventTypes.WorkflowSkipped).Should().HaveCount(2);
    }

    [Fact]
    public void A_filter_whose_targets_are_all_skipped_lets_the_next_matching_filter_route_the_task()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Queue("WQ2");
        bed.Worker("WK1");
        bed.Workflow(
            "WW1",
            null,
            Filter(null, new WorkflowTarget("WQ1", Expression: (_, _) => false, SkipIf: (_, _) => true)),
            Filter(null, new WorkflowTarget("WQ2")));

        var task = bed.Task("WW1");

        task.TaskQueueSid.Should().Be("WQ2");
        task.RoutingTarget.Should().Be("task_routing.filters[1].targets[0]");
        bed.Pending(task.Sid).WorkerSid.Should().Be("WK1");
    }

    [Fact]
    public void Known_worker_sid_offers_the_task_only_to_the_named_worker()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WKfirst");
        bed.Worker("WKfavourite");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1", KnownWorkerSid: task => task.Attributes.Text("agent"))));

        var task = bed.Task("WW1", """{"agent":"WKfavourite"}""");

        bed.PendingWorkers(task.Sid).Should().Equal("WKfavourite");
    }

    [Fact]
    public void Known_worker_friendly_name_waits_for_that_worker_when_busy()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WKother");
        bed.Worker("WKfavourite", activity: Offline);
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1", KnownWorkerFriendlyName: _ => "name-WKfavourite")));

        var task = bed.Task("WW1");
        bed.Reservations(task.Sid).Should().BeEmpty("WKother is available but not the known worker");

        bed.Router.UpdateWorkerActivity("WKfavourite", Available);

        bed.PendingWorkers(task.Sid).Should().Equal("WKfavourite");
    }

    [Fact]
    public void Known_worker_who_is_not_in_the_target_queue_is_not_offered_the_task()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsales", "sales");
        bed.Worker("WKsupport", """{"skill":"support"}""");
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQsales", KnownWorkerSid: _ => "WKsupport")));

        var task = bed.Task("WW1");

        bed.Reservations(task.Sid).Should().BeEmpty();
    }

    [Fact]
    public void Updating_a_pending_task_evaluates_its_workflow_again()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQsupport");
        bed.Queue("WQsales");
        bed.Workflow("WW1", null, Filter("support", new WorkflowTarget("WQsupport")), Filter("sales", new WorkflowTarget("WQsales")));
        var task = bed.Task("WW1", """{"type":"support"}""");

        var updated = bed.Router.UpdateTask(task.Sid, attributesJson: """{"type":"sales"}""");

        updated.Task!.TaskQueueSid.Should().Be("WQsales");
        bed.Sink.OfType(EventTypes.TaskQueueMoved).Should().ContainSingle();
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Task_creation_emits_twilio_events_in_order()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Worker("WK1");
        bed.Sink.Clear();
        bed.Workflow("WW1", null, Filter(null, new WorkflowTarget("WQ1")));

        bed.Task("WW1");

        bed.Sink.Events.Select(e => e.EventType).Should().Equal(
            EventTypes.TaskCreated,
            EventTypes.WorkflowEntered,
            EventTypes.WorkflowTargetMatched,
            EventTypes.TaskQueueEntered,
            EventTypes.ReservationCreated);
    }
}
