using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telephony.Testing;

// What a supervisor's dashboard costs: statistics read over HTTP while a workspace holds many live tasks
// and their events. The real host in process, a real SQLite file, the whole ASP.NET Core pipeline.
// Usage: dotnet run -c Release --project bench/TaskRouterStatistics [tasks] [seconds]
var taskCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

// WebApplicationFactory finds the host's content root next to a test project; name it for a console app.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Telephony.Host")))
{
    root = root.Parent;
}

Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TELEPHONY_HOST", Path.Combine(root!.FullName, "src", "Telephony.Host"));
using var app = TelephonyApp.Create(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
var tenant = await app.CreateTenantAsync("bench");
var client = tenant.Client;
var ws = (await Json(await client.PostAsync("/v1/Workspaces", Form.Of(("FriendlyName", "bench"), ("Template", "FIFO"))))).GetProperty("sid").GetString()!;
var queue = (await Json(await client.GetAsync($"/v1/Workspaces/{ws}/TaskQueues"))).GetProperty("task_queues")[0].GetProperty("sid").GetString()!;

// No available worker: every task stays pending, live in the router, with its created/entered events in the window.
var seed = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, taskCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
{
    var response = await client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", $$"""{"n":{{i}}}"""), ("Priority", (i % 10).ToString(CultureInfo.InvariantCulture))), cancellationToken);
    response.EnsureSuccessStatusCode();
});
Console.WriteLine($"seeded {taskCount} pending tasks in {seed.Elapsed.TotalSeconds:F1} s ({taskCount / seed.Elapsed.TotalSeconds:F0} creates/s, 8 concurrent)");

await Measure($"/v1/Workspaces/{ws}/RealTimeStatistics", "total_tasks");
await Measure($"/v1/Workspaces/{ws}/TaskQueues/{queue}/RealTimeStatistics", "total_tasks");
await Measure($"/v1/Workspaces/{ws}/CumulativeStatistics", "tasks_created");
await Measure($"/v1/Workspaces/{ws}/CumulativeStatistics?TaskChannel=default", "tasks_created");
await Measure($"/v1/Workspaces/{ws}/TaskQueues/{queue}/CumulativeStatistics", "tasks_entered");
await Measure($"/v1/Workspaces/{ws}/Statistics", null);

async Task Measure(string path, string? figure)
{
    var first = await Json(await client.GetAsync(path));
    var shown = figure is null ? string.Empty : $"{figure}={first.GetProperty(figure)}";
    var timings = new List<double>();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        var start = Stopwatch.GetTimestamp();
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
        timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    timings.Sort();
    Console.WriteLine($"{timings.Count / clock.Elapsed.TotalSeconds,7:F1} requests/s, p50 {timings[timings.Count / 2],6:F1} ms, p99 {timings[(int)(timings.Count * 0.99)],6:F1} ms {shown}: GET {path}");
}

static async Task<JsonElement> Json(HttpResponseMessage response)
{
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
