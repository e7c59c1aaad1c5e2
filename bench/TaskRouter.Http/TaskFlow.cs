using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace TaskRouter.Http;

internal sealed record FlowResult(TimeSpan Elapsed, List<double> Latencies, List<double> CreateLatencies, List<double> PollLatencies, int ReservedAtCreation);

/// <summary>
/// The timed part: each client creates a task, takes its reservation as soon as it appears (the
/// create answer already says reserved when a worker was free; otherwise it polls the task's pending
/// reservations), accepts it and completes the task so the worker takes the next one.
/// </summary>
internal static class TaskFlow
{
    public static async Task<FlowResult> RunAsync(HttpClient client, string workspace, string workflow, Options options)
    {
        var latencies = new List<double>[options.Clients];
        var creates = new List<double>[options.Clients];
        var polls = new List<double>[options.Clients];
        var reservedAtCreation = 0;
        var next = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            creates[c] = [];
            polls[c] = [];
            for (var t = Interlocked.Increment(ref next) - 1; t < options.Tasks; t = Interlocked.Increment(ref next) - 1)
            {
                var attributes = JsonSerializer.Serialize(new { queue = $"q{t % options.Queues}", n = t });
                var started = Stopwatch.GetTimestamp();
                var task = await Json.ReadAsync(
                    await client.PostAsync($"/v1/Workspaces/{workspace}/Tasks", Json.Form(("WorkflowSid", workflow), ("Attributes", attributes))),
                    HttpStatusCode.Created);
                var created = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                creates[c].Add(created);
                var sid = task.GetProperty("sid").GetString()!;
                var reserved = task.GetProperty("assignment_status").GetString() == "reserved";
                if (reserved)
                {
                    Interlocked.Increment(ref reservedAtCreation);
                }

                var polled = Stopwatch.GetTimestamp();
                var reservation = await PendingReservationAsync(client, workspace, sid);
                polls[c].Add(Stopwatch.GetElapsedTime(polled).TotalMilliseconds);
                latencies[c].Add(reserved ? created : Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Json.ReadAsync(await client.PostAsync($"/v1/Workspaces/{workspace}/Tasks/{sid}/Reservations/{reservation}", Json.Form(("ReservationStatus", "accepted"))), HttpStatusCode.OK);
                await Json.ReadAsync(await client.PostAsync($"/v1/Workspaces/{workspace}/Tasks/{sid}", Json.Form(("AssignmentStatus", "completed"))), HttpStatusCode.OK);
            }
        })));
        total.Stop();
        return new FlowResult(total.Elapsed, [.. latencies.SelectMany(l => l)], [.. creates.SelectMany(l => l)], [.. polls.SelectMany(l => l)], reservedAtCreation);
    }

    private static async Task<string> PendingReservationAsync(HttpClient client, string workspace, string task)
    {
        while (true)
        {
            var page = await Json.ReadAsync(await client.GetAsync($"/v1/Workspaces/{workspace}/Tasks/{task}/Reservations?ReservationStatus=pending"), HttpStatusCode.OK);
            var reservations = page.GetProperty("reservations");
            if (reservations.GetArrayLength() > 0)
            {
                return reservations[0].GetProperty("sid").GetString()!;
            }

            await Task.Delay(2);
        }
    }
}
