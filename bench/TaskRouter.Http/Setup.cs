using System.Net;
using System.Text.Json;

namespace TaskRouter.Http;

/// <summary>A workspace with queues selected by TargetWorkers expressions, a workflow filter per queue and available workers.</summary>
internal static class Setup
{
    public static async Task<(string Workspace, string Workflow)> WorkspaceAsync(HttpClient client, Options options)
    {
        var workspace = (await Json.ReadAsync(await client.PostAsync("/v1/Workspaces", Json.Form(("FriendlyName", "bench"), ("Template", "FIFO"))), HttpStatusCode.Created)).GetProperty("sid").GetString()!;
        var activities = await Json.ReadAsync(await client.GetAsync($"/v1/Workspaces/{workspace}/Activities?FriendlyName=Available"), HttpStatusCode.OK);
        var available = activities.GetProperty("activities")[0].GetProperty("sid").GetString()!;

        var queues = new List<string>();
        for (var q = 0; q < options.Queues; q++)
        {
            var queue = await Json.ReadAsync(
                await client.PostAsync($"/v1/Workspaces/{workspace}/TaskQueues", Json.Form(("FriendlyName", $"Queue {q}"), ("TargetWorkers", $"team == \"q{q}\" AND level >= 1"))),
                HttpStatusCode.Created);
            queues.Add(queue.GetProperty("sid").GetString()!);
        }

        var configuration = JsonSerializer.Serialize(new
        {
            task_routing = new
            {
                filters = queues.Select((sid, q) => new { filter_friendly_name = $"to q{q}", expression = $"queue == \"q{q}\"", targets = new[] { new { queue = sid } } }),
                default_filter = new { queue = queues[0] },
            },
        });
        // With the FIFO template's own workflow there are two: every task names this one.
        var workflow = (await Json.ReadAsync(await client.PostAsync($"/v1/Workspaces/{workspace}/Workflows", Json.Form(("FriendlyName", "by queue"), ("Configuration", configuration))), HttpStatusCode.Created)).GetProperty("sid").GetString()!;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            for (var w = Interlocked.Increment(ref next) - 1; w < options.Workers; w = Interlocked.Increment(ref next) - 1)
            {
                var attributes = JsonSerializer.Serialize(new { team = $"q{w % options.Queues}", level = 1 + (w % 5) });
                await Json.ReadAsync(
                    await client.PostAsync($"/v1/Workspaces/{workspace}/Workers", Json.Form(("FriendlyName", $"agent {w}"), ("ActivitySid", available), ("Attributes", attributes))),
                    HttpStatusCode.Created);
            }
        })));
        return (workspace, workflow);
    }
}
