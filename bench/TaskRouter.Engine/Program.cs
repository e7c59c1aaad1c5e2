using System.Diagnostics;
using System.Runtime.InteropServices;
using TaskRouter.Engine;

// The in-core figures of issue 4 (no HTTP, no database): how long a freed worker waits for the engine
// to pick its next task with 100,000 pending, and how many tasks per second the engine routes with
// 10,000 workers in 20 queues. Run: dotnet run -c Release --project bench/TaskRouter.Engine
Console.WriteLine($"TaskRouter engine benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
if (File.Exists("/proc/loadavg"))
{
    Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
}

var quick = args.Contains("--quick");
FreedWorkerBenchmark.Run(pendingTasks: 100_000, iterations: quick ? 500 : 5_000);
ThroughputBenchmark.Run(workers: 10_000, queues: 20, tasks: quick ? 20_000 : 200_000, threads: 1);
ThroughputBenchmark.Run(workers: 10_000, queues: 20, tasks: quick ? 20_000 : 200_000, threads: 4);

internal static class Percentiles
{
    public static string Describe(List<long> ticks)
    {
        ticks.Sort();
        double Micros(double fraction) => ticks[Math.Min(ticks.Count - 1, (int)(fraction * ticks.Count))] * 1_000_000.0 / Stopwatch.Frequency;
        return $"p50 {Micros(0.50):F1} µs, p99 {Micros(0.99):F1} µs, p99.9 {Micros(0.999):F1} µs, max {Micros(1.0):F1} µs (n={ticks.Count})";
    }
}
