using System.Diagnostics;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace TaskRouter.Engine;

/// <summary>
/// 100,000 tasks wait in 20 queues with random priorities; one worker, member of all 20 queues,
/// completes its task. Timed: <c>CompleteTask</c>, which frees the worker, picks the best waiting
/// task across its queues (eligibility included) and reserves it. A new task is added after each
/// iteration (untimed) so the backlog stays at 100,000.
/// </summary>
internal static class FreedWorkerBenchmark
{
    public static void Run(int pendingTasks, int iterations)
    {
        var sink = new NullSink();
        var router = Workspace.Create(queues: 20, sink);
        var random = new Random(42);
        var created = Stopwatch.StartNew();
        for (var index = 0; index < pendingTasks; index++)
        {
            AddTask(router, random, index);
        }

        Console.WriteLine($"freed worker: {pendingTasks:N0} pending tasks created in {created.Elapsed.TotalSeconds:F1} s");
        router.AddWorker("WKfree", "free", """{"skill":"all","level":10}""", Workspace.Available);
        var current = router.GetActiveWorkerReservations("WKfree").Single();
        router.AcceptReservation(current.Sid);

        var timings = new List<long>(iterations);
        var withoutCollection = new List<long>(iterations);
        var cpu = new List<long>(iterations);
        var pauseBefore = GC.GetTotalPauseDuration();
        for (var iteration = 0; iteration < iterations + 200; iteration++)
        {
            var collections = GC.CollectionCount(0);
            var cpuStart = ThreadCpuClock.NowNanoseconds();
            var start = Stopwatch.GetTimestamp();
            router.CompleteTask(current.TaskSid);
            var elapsed = Stopwatch.GetTimestamp() - start;
            var cpuElapsed = ThreadCpuClock.NowNanoseconds() - cpuStart;
            if (iteration >= 200)
            {
                timings.Add(elapsed);
                cpu.Add(cpuElapsed * Stopwatch.Frequency / 1_000_000_000);
                if (GC.CollectionCount(0) == collections)
                {
                    withoutCollection.Add(elapsed);
                }
            }

            current = router.GetActiveWorkerReservations("WKfree").Single();
            router.AcceptReservation(current.Sid);
            AddTask(router, random, pendingTasks + iteration);
        }

        Console.WriteLine($"freed worker picks its next task ({pendingTasks:N0} pending, 20 queues): {Percentiles.Describe(timings)}");
        Console.WriteLine($"  the same, iterations without a garbage collection: {Percentiles.Describe(withoutCollection)}; " +
            $"GC pauses during the run: {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms");
        Console.WriteLine($"  the same, thread CPU time: {Percentiles.Describe(cpu)}");
    }

    private static void AddTask(WorkspaceRouter router, Random random, int index)
    {
        var attributes = $$"""{"queue":"q{{random.Next(20)}}","level":{{random.Next(5)}}}""";
        router.CreateTask(new NewRoutingTask($"WT{index:D10}", "WWbench", attributes, Priority: random.Next(10)));
    }
}
