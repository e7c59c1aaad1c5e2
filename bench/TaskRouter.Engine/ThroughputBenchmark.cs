using System.Diagnostics;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace TaskRouter.Engine;

/// <summary>
/// 10,000 available workers in 20 queues (500 each). <c>threads</c> clients create tasks; each
/// task is reserved inside <c>CreateTask</c>, then the client accepts and completes it. Reports
/// tasks routed per second (create + reserve + accept + complete) and the create-to-reservation
/// latency, which is the <c>CreateTask</c> call itself.
/// </summary>
internal static class ThroughputBenchmark
{
    public static void Run(int workers, int queues, int tasks, int threads)
    {
        var sink = new NullSink();
        var router = Workspace.Create(queues, sink);
        var random = new Random(7);
        for (var index = 0; index < workers; index++)
        {
            router.AddWorker($"WK{index:D6}", $"worker {index}", $$"""{"skill":"q{{index % queues}}","level":{{random.Next(5, 10)}}}""", Workspace.Available);
        }

        var latencies = new List<long>[threads];
        var perThread = tasks / threads;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            var own = new List<long>(perThread);
            var taskRandom = new Random(thread);
            for (var index = 0; index < perThread; index++)
            {
                var attributes = $$"""{"queue":"q{{taskRandom.Next(queues)}}","level":{{taskRandom.Next(5)}}}""";
                var start = Stopwatch.GetTimestamp();
                var result = router.CreateTask(new NewRoutingTask($"WT{thread}-{index}", "WWbench", attributes, Priority: taskRandom.Next(10)));
                own.Add(Stopwatch.GetTimestamp() - start);
                var reservation = router.GetTaskReservations(result.Task!.Sid).Single();
                router.AcceptReservation(reservation.Sid);
                router.CompleteTask(result.Task.Sid);
            }

            latencies[thread] = own;
        });
        clock.Stop();

        var all = latencies.SelectMany(list => list).ToList();
        var violations = router.FindInvariantViolations();
        Console.WriteLine($"throughput: {workers:N0} workers, {queues} queues, {threads} client thread(s): {all.Count / clock.Elapsed.TotalSeconds:N0} tasks routed/s " +
            $"({all.Count:N0} tasks in {clock.Elapsed.TotalSeconds:F2} s, {sink.Count:N0} events, {violations.Count} invariant violations)");
        Console.WriteLine($"  create -> reservation (in core): {Percentiles.Describe(all)}");
    }
}
