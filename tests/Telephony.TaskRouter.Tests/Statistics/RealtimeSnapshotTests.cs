using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using Telephony.TaskRouter.Tests.Engine;

namespace Telephony.TaskRouter.Tests.Statistics;

/// <summary>Real-time figures are read under the workspace lock: every read is one consistent moment, even while routing runs.</summary>
public sealed class RealtimeSnapshotTests
{
    [Fact]
    public async Task Figures_read_while_tasks_route_always_add_up()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        for (var index = 0; index < 4; index++)
        {
            bed.Worker($"WK{index}");
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var created = 0;
        var completed = 0;
        var router = Task.Run(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var task = bed.Task("WW1", priority: random.Next(3));
                created++;
                foreach (var offer in bed.Reservations(task.Sid).Where(r => r.Status == ReservationStatus.Pending))
                {
                    if (random.Next(2) == 0)
                    {
                        bed.Router.AcceptReservation(offer.Sid);
                        bed.Router.CompleteTask(task.Sid);
                        completed++;
                    }
                }
            }
        });

        // At least one read even when a loaded machine lets the router run its 2 s before this loop starts.
        do
        {
            var figures = bed.Router.TaskStatistics(queueSid: "WQ1");
            figures.ByStatus.Values.Sum().Should().Be(figures.Total);
            figures.ByPriority.Values.Sum().Should().Be(figures.Total);
            var workers = bed.Router.WorkerStatistics("WQ1")!;
            workers.ByActivity.Values.Sum().Should().Be(workers.Total);
        }
        while (!router.IsCompleted);

        await router;
        var final = bed.Router.TaskStatistics();
        final.Total.Should().Be(bed.Router.GetTasks().Count(t => t.Status is not (TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled)));
        final.Total.Should().Be(created - completed, "completed tasks are not live");
        bed.ShouldBeConsistent();
    }

    [Fact]
    public void The_longest_waiting_task_is_the_oldest_routing_one()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        var oldest = bed.Task("WW1", priority: 1);
        bed.Advance(30);
        bed.Task("WW1", priority: 9);
        bed.Task("WW1", channel: "voice");
        bed.Advance(15);

        var all = bed.Router.TaskStatistics();
        all.LongestWaitingSid.Should().Be(oldest.Sid);
        all.LongestWaitingAge.Should().Be(45);
        all.ByPriority.Should().BeEquivalentTo(new Dictionary<string, int> { ["0"] = 1, ["1"] = 1, ["9"] = 1 });
        var voice = bed.Router.TaskStatistics(channel: "voice");
        voice.Total.Should().Be(1);
        voice.LongestWaitingAge.Should().Be(15);
        bed.Router.TaskStatistics(queueSid: "WQ-none").Total.Should().Be(0);
        bed.Router.WorkerStatistics("WQ-none").Should().BeNull();
    }
}
