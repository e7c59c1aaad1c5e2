using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class QueueOrderingTests
{
    private static RoutingTestBed BedWithWaitingTasks(QueueTaskOrder order, params (string Sid, int Priority)[] tasks)
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1", order: order);
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1", activity: Offline);
        foreach (var (sid, priority) in tasks)
        {
            bed.Task("WW1", priority: priority, sid: sid);
            bed.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        return bed;
    }

    private static List<string> OfferOrder(RoutingTestBed bed, int count)
    {
        var order = new List<string>();
        bed.Router.UpdateWorkerActivity("WK1", Available);
        for (var index = 0; index < count; index++)
        {
            var reservation = bed.Router.GetActiveWorkerReservations("WK1").Single();
            order.Add(reservation.TaskSid);
            bed.Router.AcceptReservation(reservation.Sid);
            bed.Router.CompleteTask(reservation.TaskSid);
        }

        return order;
    }

    [Fact]
    public void Fifo_offers_higher_priority_first_then_the_oldest()
    {
        var bed = BedWithWaitingTasks(QueueTaskOrder.Fifo, ("WTold-low", 1), ("WTmid-high", 5), ("WTnew-low", 1), ("WTnew-high", 5));

        OfferOrder(bed, 4).Should().Equal("WTmid-high", "WTnew-high", "WTold-low", "WTnew-low");
    }

    [Fact]
    public void Lifo_offers_the_newest_first_ignoring_priority()
    {
        var bed = BedWithWaitingTasks(QueueTaskOrder.Lifo, ("WTold-high", 9), ("WTmid", 1), ("WTnew-low", 0));

        OfferOrder(bed, 3).Should().Equal("WTnew-low", "WTmid", "WTold-high");
    }

    [Fact]
    public void A_priority_change_reorders_a_waiting_task()
    {
        var bed = BedWithWaitingTasks(QueueTaskOrder.Fifo, ("WTa", 1), ("WTb", 1));

        bed.Router.UpdateTask("WTb", priority: 7);

        OfferOrder(bed, 2).Should().Equal("WTb", "WTa");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void Across_queues_a_freed_worker_gets_the_highest_priority_task_then_the_oldest()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQa");
        bed.Queue("WQb");
        bed.Workflow("WWa", "WQa");
        bed.Workflow("WWb", "WQb");
        bed.Worker("WK1", activity: Offline);
        bed.Task("WWa", priority: 1, sid: "WTa-old");
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        bed.Task("WWb", priority: 1, sid: "WTb-new");
        bed.Task("WWb", priority: 0, sid: "WTb-low");

        OfferOrder(bed, 3).Should().Equal("WTa-old", "WTb-new", "WTb-low");
    }

    [Fact]
    public void Prioritize_queue_order_decides_between_a_fifo_and_a_lifo_queue()
    {
        foreach (var (preferred, expectedFirst) in new[] { (QueueTaskOrder.Fifo, "WTfifo"), (QueueTaskOrder.Lifo, "WTlifo") })
        {
            var bed = new RoutingTestBed(prioritizeQueueOrder: preferred);
            bed.Queue("WQfifo", order: QueueTaskOrder.Fifo);
            bed.Queue("WQlifo", order: QueueTaskOrder.Lifo);
            bed.Workflow("WWfifo", "WQfifo");
            bed.Workflow("WWlifo", "WQlifo");
            bed.Worker("WK1", activity: Offline);
            bed.Task("WWlifo", sid: "WTlifo");
            bed.Task("WWfifo", sid: "WTfifo");

            OfferOrder(bed, 1).Should().Equal(expectedFirst);
        }
    }
}
