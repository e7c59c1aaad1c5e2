using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using TaskRouter.Http;

// Issue 4's end-to-end figure: the real host as a process on loopback, 10,000 workers in 20 queues
// (TargetWorkers expressions), then 20,000 tasks created by 16 concurrent clients; each client takes
// the reservation of the task it created as soon as it appears, accepts it and completes the task so
// the worker frees up. Build the host in Release first:
//   dotnet build -c Release src/Telephony.Host
//   dotnet run -c Release --project bench/TaskRouter.Http -- --host src/Telephony.Host/bin/Release/net10.0/Telephony.Host.dll
var options = Options.Parse(args);
if (options.HostDll is null)
{
    Console.Error.WriteLine("usage: --host <Telephony.Host.dll> [--workers 10000] [--queues 20] [--tasks 20000] [--clients 16] [--warmup 2000]");
    return 2;
}

Console.WriteLine($"TaskRouter HTTP benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
Console.WriteLine($"load average at start: {LoadAverage()}");
var dataPath = Directory.CreateTempSubdirectory("taskrouter-bench-").FullName;
try
{
    await using var host = await HostProcess.StartAsync(Path.GetFullPath(options.HostDll), FreePort(), dataPath, new Dictionary<string, string>());
    using var bootstrap = host.Client();
    var (workspace, workflow) = await Setup.WorkspaceAsync(bootstrap, options);
    Console.WriteLine($"setup done: {options.Workers} workers in {options.Queues} queues; load average {LoadAverage()}");
    if (options.Warmup > 0)
    {
        // Untimed: the host's JIT tiers its hot paths up during the first thousands of requests.
        var warm = await TaskFlow.RunAsync(bootstrap, workspace, workflow, options with { Tasks = options.Warmup });
        Console.WriteLine($"warm-up (not counted): {options.Warmup} tasks in {warm.Elapsed.TotalSeconds:F1} s");
    }

    var cpuBefore = host.CpuTime;
    var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var run = await TaskFlow.RunAsync(bootstrap, workspace, workflow, options);
    var cpu = host.CpuTime - cpuBefore;
    var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpuBefore;
    var latencies = run.Latencies;
    Console.WriteLine($"{options.Tasks} tasks by {options.Clients} clients in {run.Elapsed.TotalSeconds:F1} s: {options.Tasks / run.Elapsed.TotalSeconds:F0} tasks routed/s end to end (create, reserve, accept, complete)");
    Console.WriteLine($"creation -> reservation: p50 {Percentile(latencies, 50):F1} ms, p99 {Percentile(latencies, 99):F1} ms, max {latencies.Max():F1} ms; reserved at creation {run.ReservedAtCreation}, later {options.Tasks - run.ReservedAtCreation}");
    Console.WriteLine($"create request alone: p50 {Percentile(run.CreateLatencies, 50):F1} ms, p99 {Percentile(run.CreateLatencies, 99):F1} ms");
    Console.WriteLine($"listing the task's pending reservations (until one is listed): p50 {Percentile(run.PollLatencies, 50):F2} ms, p99 {Percentile(run.PollLatencies, 99):F2} ms");
    Console.WriteLine($"host CPU {cpu.TotalSeconds:F1} s over {run.Elapsed.TotalSeconds:F1} s ({cpu.TotalSeconds / run.Elapsed.TotalSeconds * 100:F0}% of one core, {cpu.TotalMilliseconds / options.Tasks:F2} ms per task); driver CPU {driverCpu.TotalSeconds / run.Elapsed.TotalSeconds * 100:F0}% of one core ({driverCpu.TotalMilliseconds / options.Tasks:F2} ms per task); load average at end: {LoadAverage()}");
    await StatisticsTimings.PrintAsync(bootstrap, workspace, workflow);
    return 0;
}
finally
{
    try
    {
        Directory.Delete(dataPath, recursive: true);
    }
    catch (IOException)
    {
        // A file still held by the exiting host: the temp folder is cleaned by the OS.
    }
}

static double Percentile(List<double> values, double percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed record Options(string? HostDll, int Workers, int Queues, int Tasks, int Clients, int Warmup)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new Options(Value("--host"), Int("--workers", 10_000), Int("--queues", 20), Int("--tasks", 20_000), Int("--clients", 16), Int("--warmup", 2_000));
    }
}

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
