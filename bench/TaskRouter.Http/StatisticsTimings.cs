using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace TaskRouter.Http;

/// <summary>
/// What a supervisor's wallboard pays once the run has filled the workspace: each statistics
/// endpoint requested again and again, one at a time, timed at the client (the field notes: Twilio's
/// users cache statistics because they are slow; ours should be cheap at any size).
/// </summary>
internal static class StatisticsTimings
{
    private const int Requests = 20;

    public static async Task PrintAsync(HttpClient client, string workspace, string workflow)
    {
        var queue = await FirstSidAsync(client, $"/v1/Workspaces/{workspace}/TaskQueues?PageSize=1", "task_queues");
        var worker = await FirstSidAsync(client, $"/v1/Workspaces/{workspace}/Workers?PageSize=1", "workers");
        var paths = new[]
        {
            $"/v1/Workspaces/{workspace}/Statistics",
            $"/v1/Workspaces/{workspace}/RealTimeStatistics",
            $"/v1/Workspaces/{workspace}/CumulativeStatistics",
            $"/v1/Workspaces/{workspace}/TaskQueues/{queue}/Statistics",
            $"/v1/Workspaces/{workspace}/TaskQueues/{queue}/RealTimeStatistics",
            $"/v1/Workspaces/{workspace}/TaskQueues/Statistics",
            $"/v1/Workspaces/{workspace}/Workers/Statistics",
            $"/v1/Workspaces/{workspace}/Workers/{worker}/Statistics",
            $"/v1/Workspaces/{workspace}/Workflows/{workflow}/Statistics",
        };
        Console.WriteLine($"statistics after the run ({Requests} requests each, one at a time; p50 / max):");
        foreach (var path in paths)
        {
            await Json.ReadAsync(await client.GetAsync(path), HttpStatusCode.OK);
            var timings = new List<double>();
            for (var i = 0; i < Requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await Json.ReadAsync(await client.GetAsync(path), HttpStatusCode.OK);
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            timings.Sort();
            var name = path[(path.IndexOf(workspace, StringComparison.Ordinal) + workspace.Length)..].Replace(queue, "{Q}", StringComparison.Ordinal).Replace(worker, "{W}", StringComparison.Ordinal).Replace(workflow, "{WF}", StringComparison.Ordinal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GET {name,-36} {timings[Requests / 2],8:F1} / {timings[^1],8:F1} ms"));
        }
    }

    private static async Task<string> FirstSidAsync(HttpClient client, string path, string key) =>
        (await Json.ReadAsync(await client.GetAsync(path), HttpStatusCode.OK)).GetProperty(key)[0].GetProperty("sid").GetString()!;
}
