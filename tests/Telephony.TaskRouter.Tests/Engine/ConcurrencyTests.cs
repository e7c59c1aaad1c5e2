using System.Collections.Concurrent;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using static Telephony.TaskRouter.Tests.Engine.RoutingTestBed;

namespace Telephony.TaskRouter.Tests.Engine;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Two_accepts_racing_on_one_task_give_one_winner_and_one_conflict()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1", maxReservedWorkers: 2);
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");
        bed.Worker("WK2");

        for (var round = 0; round < 200; round++)
        {
            var task = bed.Task("WW1");
            var offers = bed.Reservations(task.Sid);
            offers.Should().HaveCount(2);
            using var start = new Barrier(2);
            var outcomes = offers.AsParallel().WithDegreeOfParallelism(2).Select(offer =>
            {
                start.SignalAndWait();
                return bed.Router.AcceptReservation(offer.Sid);
            }).ToList();

            outcomes.Select(o => o.Outcome).Should().BeEquivalentTo([RoutingOutcome.Done, RoutingOutcome.Conflict]);
            var conflict = outcomes.Single(o => o.Outcome == RoutingOutcome.Conflict);
            conflict.Task!.Status.Should().Be(TaskAssignmentStatus.Assigned, "the loser learns the task's current state");
            conflict.Reservation!.Status.Should().Be(ReservationStatus.Rescinded);
            bed.Router.CompleteTask(task.Sid).Outcome.Should().Be(RoutingOutcome.Done);
        }

        bed.ShouldBeConsistent();
    }

    [Fact]
    public async Task An_accept_racing_a_reject_on_one_reservation_lets_exactly_one_through()
    {
        var bed = new RoutingTestBed();
        bed.Queue("WQ1");
        bed.Workflow("WW1", "WQ1");
        bed.Worker("WK1");

        for (var round = 0; round < 200; round++)
        {
            var task = bed.Task("WW1");
            var offer = bed.Pending(task.Sid);
            using var start = new Barrier(2);
            var racing = await Task.WhenAll(
                OnOwnThread(() =>
                {
                    start.SignalAndWait();
                    return bed.Router.AcceptReservation(offer.Sid);
                }),
                OnOwnThread(() =>
                {
                    start.SignalAndWait();
                    return bed.Router.RejectReservation(offer.Sid);
                }));
            var (accept, reject) = (racing[0], racing[1]);

            new[] { accept.Outcome, reject.Outcome }.Should().BeEquivalentTo([RoutingOutcome.Done, RoutingOutcome.Conflict]);
            var state = bed.TaskState(task.Sid);
            if (accept.Outcome == RoutingOutcome.Done)
            {
                state.Status.Should().Be(TaskAssignmentStatus.Assigned);
                bed.Router.CompleteTask(task.Sid);
            }
            else
            {
                state.Status.Should().Be(TaskAssignmentStatus.Pending, "WK1 rejected it and is the only worker");
                bed.Router.CancelTask(task.Sid);
            }
        }

        bed.ShouldBeConsistent();
    }

    [Fact]
    public async Task Many_threads_creating_accepting_rejecting_and_toggling_leave_every_invariant_holding()
    {
        var bed = new RoutingTestBed(timeoutActivitySid: Busy);
        bed.Queue("WQsupport", "support", maxReservedWorkers: 2);
        bed.Queue("WQsales", "sales");
        bed.Queue("WQeveryone", order: QueueTaskOrder.Lifo);
        bed.Workflow("WW1", "WQeveryone",
            Filter("support", new WorkflowTarget("WQsupport", Timeout: TimeSpan.FromSeconds(20)), new WorkflowTarget("WQeveryone", Timeout: TimeSpan.FromSeconds(40))),
            Filter("sales", new WorkflowTarget("WQsales", Priority: 5, SkipIf: (_, w) => w.Available == 0)));
        var workers = Enumerable.Range(0, 40).Select(index => bed.Worker(
            $"WK{index:D2}",
            $$"""{"skill":"{{(index % 2 == 0 ? "support" : "sales")}}"}""",
            capacities: new Dictionary<string, int> { ["chat"] = 1 + (index % 3) })).ToArray();
        string[] types = ["support", "sales", "other"];
        string[] activities = [Available, Available, Offline, Busy];

        var created = new ConcurrentBag<string>();
        var acceptedTasks = new ConcurrentDictionary<string, int>();
        // Four seconds, and on a machine too busy to create enough tasks in them, on until it has.
        var createdCount = 0;
        var stop = DateTime.UtcNow.AddSeconds(4);
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        var threads = Enumerable.Range(0, 8).Select(thread => OnOwnThread(() =>
        {
            var random = new Random(thread);
            var number = 0;
            while (DateTime.UtcNow < stop || (Volatile.Read(ref createdCount) <= 1000 && DateTime.UtcNow < giveUp))
            {
                var worker = workers[random.Next(workers.Length)];
                switch (random.Next(10))
                {
                    case 0 or 1 or 2:
                        var sid = $"WT{thread}x{number++}";
                        bed.Router.CreateTask(new NewRoutingTask(sid, "WW1", $$"""{"type":"{{types[random.Next(3)]}}"}""", random.Next(3), random.Next(2) == 0 ? "default" : "chat"))
                            .Outcome.Should().Be(RoutingOutcome.Done);
                        created.Add(sid);
                        Interlocked.Increment(ref createdCount);
                        break;
                    case 3 or 4:
                        foreach (var offer in bed.Router.GetActiveWorkerReservations(worker).Where(r => r.Status == ReservationStatus.Pending).Take(1))
                        {
                            if (bed.Router.AcceptReservation(offer.Sid).Outcome == RoutingOutcome.Done)
                            {
                                acceptedTasks.AddOrUpdate(offer.TaskSid, 1, (_, count) => count + 1);
                            }
                        }

                        break;
                    case 5:
                        foreach (var offer in bed.Router.GetActiveWorkerReservations(worker).Where(r => r.Status == ReservationStatus.Pending).Take(1))
                        {
                            bed.Router.RejectReservation(offer.Sid, random.Next(4) == 0 ? Offline : null);
                        }

                        break;
                    case 6:
                        foreach (var held in bed.Router.GetActiveWorkerReservations(worker).Where(r => r.Status is ReservationStatus.Accepted or ReservationStatus.Wrapping).Take(1))
                        {
                            _ = random.Next(2) == 0 ? bed.Router.CompleteReservation(held.Sid) : bed.Router.WrapUpReservation(held.Sid);
                        }

                        break;
                    case 7:
                        bed.Router.UpdateWorkerActivity(worker, activities[random.Next(activities.Length)], rejectPendingReservations: random.Next(2) == 0);
                        break;
                    case 8:
                        if (created.TryPeek(out var victim))
                        {
                            _ = random.Next(2) == 0 ? bed.Router.CancelTask(victim, "test") : bed.Router.UpdateTask(victim, priority: random.Next(10));
                        }

                        break;
                    default:
                        bed.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 5)));
                        bed.Router.RunDue();
                        break;
                }
            }

            return number;
        })).ToArray();
        await Task.WhenAll(threads);

        bed.Router.FindInvariantViolations().Should().BeEmpty();
        var tasks = bed.Router.GetTasks().ToDictionary(task => task.Sid);
        created.Should().OnlyHaveUniqueItems().And.OnlyContain(sid => tasks.ContainsKey(sid), "every task created is accounted for");
        tasks.Should().HaveCount(created.Count);
        created.Count.Should().BeGreaterThan(1000, "the test must exercise the engine");
        acceptedTasks.Values.Should().OnlyContain(count => count == 1, "a task is never assigned twice");
        var everAssigned = tasks.Values.Count(task => task.Status is TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping or TaskAssignmentStatus.Completed);
        everAssigned.Should().Be(acceptedTasks.Count);
        bed.Sink.OfType(EventTypes.ReservationAccepted).GroupBy(e => e.TaskSid).Should().OnlyContain(group => group.Count() == 1);
        tasks.Values.Select(task => task.Status).Distinct().Should().Contain([TaskAssignmentStatus.Completed, TaskAssignmentStatus.Canceled, TaskAssignmentStatus.Reserved]);

        foreach (var worker in workers)
        {
            var snapshot = bed.Router.GetWorker(worker)!;
            var held = bed.Router.GetActiveWorkerReservations(worker);
            foreach (var (channel, state) in snapshot.Channels)
            {
                held.Count(r => r.Status == ReservationStatus.Pending && ChannelOf(tasks, r) == channel).Should().BeLessThanOrEqualTo(state.Capacity);
            }
        }
    }

    private static Task<T> OnOwnThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static string ChannelOf(Dictionary<string, TaskSnapshot> tasks, ReservationSnapshot reservation) => tasks[reservation.TaskSid].Channel;
}
