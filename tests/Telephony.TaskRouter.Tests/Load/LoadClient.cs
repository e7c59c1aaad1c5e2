using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Load;

/// <summary>What the clients share: the workspace they drive, every task they created and every answer the API should not have given.</summary>
internal sealed class LoadWorld(string workspaceSid, IReadOnlyList<string> workerSids, string availableSid, string unavailableSid)
{
    public string WorkspaceSid { get; } = workspaceSid;

    public IReadOnlyList<string> WorkerSids { get; } = workerSids;

    public string AvailableSid { get; } = availableSid;

    public string UnavailableSid { get; } = unavailableSid;

    public ConcurrentDictionary<string, byte> CreatedTasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers outside what a racing client may get (anything but the expected success or a 409 conflict).</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    public ConcurrentDictionary<string, int> Operations { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<string> _recent = new();

    public void Remember(string taskSid)
    {
        CreatedTasks.TryAdd(taskSid, 0);
        _recent.Enqueue(taskSid);
        while (_recent.Count > 200 && _recent.TryDequeue(out _))
        {
        }
    }

    /// <summary>A task created lately, where the reservations and races are.</summary>
    public string? RecentTask(Random random)
    {
        var recent = _recent.ToArray();
        return recent.Length == 0 ? null : recent[random.Next(recent.Length)];
    }
}

/// <summary>
/// One of the concurrent clients: a seeded mix of everything a tenant does to routing state, each
/// through HTTP. Answers are checked for what a racing caller may legitimately get (the success
/// code, or 409 when another client moved the task or reservation first); anything else is recorded.
/// </summary>
internal sealed class LoadClient(HttpClient client, LoadWorld world, int seed)
{
    private readonly Random _random = new(seed);

    private string Workspace => $"/v1/Workspaces/{world.WorkspaceSid}";

    public async Task RunAsync(DateTime until)
    {
        while (DateTime.UtcNow < until)
        {
            var roll = _random.Next(100);
            var operation = roll switch
            {
                < 30 => CreateTaskAsync(),
                < 55 => AnswerReservationAsync(accept: true),
                < 63 => AnswerReservationAsync(accept: false),
                < 78 => FinishTaskAsync(),
                < 84 => CancelTaskAsync(),
                < 94 => ToggleActivityAsync(),
                _ => SetCapacityAsync(),
            };
            await operation;
        }
    }

    private async Task CreateTaskAsync()
    {
        var attributes = JsonSerializer.Serialize(new { client = seed, n = _random.Next(1_000) });
        using var response = await client.PostAsync($"{Workspace}/Tasks", Form.Of(("Attributes", attributes), ("Priority", _random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (await ExpectAsync(response, "create task", HttpStatusCode.Created) is { } task)
        {
            world.Remember(task.Sid());
        }
    }

    private async Task AnswerReservationAsync(bool accept)
    {
        if (world.RecentTask(_random) is not { } taskSid)
        {
            return;
        }

        using var list = await client.GetAsync($"{Workspace}/Tasks/{taskSid}/Reservations?ReservationStatus=pending");
        if (await ExpectAsync(list, "list reservations", HttpStatusCode.OK) is not { } page)
        {
            return;
        }

        var pending = page.GetProperty("reservations").EnumerateArray().Select(r => r.Sid()).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var fields = accept
            ? new[] { ("ReservationStatus", "accepted") }
            : _random.Next(2) == 0
                ? [("ReservationStatus", "rejected")]
                : [("ReservationStatus", "rejected"), ("WorkerActivitySid", world.UnavailableSid)];
        var reservation = pending[_random.Next(pending.Count)];
        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}/Reservations/{reservation}", Form.Of(fields));
        await ExpectAsync(response, accept ? "accept" : "reject", HttpStatusCode.OK, HttpStatusCode.Conflict);
    }

    private async Task FinishTaskAsync()
    {
        if (world.RecentTask(_random) is not { } taskSid)
        {
            return;
        }

        // Wrapping first now and then, so reservations go through wrapping too.
        var status = _random.Next(4) == 0 ? "wrapping" : "completed";
        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}", Form.Of(("AssignmentStatus", status), ("Reason", "load test")));
        await ExpectAsync(response, $"task {status}", HttpStatusCode.OK, HttpStatusCode.Conflict);
    }

    private async Task CancelTaskAsync()
    {
        if (world.RecentTask(_random) is not { } taskSid)
        {
            return;
        }

        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}", Form.Of(("AssignmentStatus", "canceled"), ("Reason", "load test")));
        await ExpectAsync(response, "cancel task", HttpStatusCode.OK, HttpStatusCode.Conflict);
    }

    private async Task ToggleActivityAsync()
    {
        var worker = world.WorkerSids[_random.Next(world.WorkerSids.Count)];
        var available = _random.Next(3) != 0;
        var fields = new List<(string, string)> { ("ActivitySid", available ? world.AvailableSid : world.UnavailableSid) };
        if (!available && _random.Next(2) == 0)
        {
            fields.Add(("RejectPendingReservations", "true"));
        }

        using var response = await client.PostAsync($"{Workspace}/Workers/{worker}", Form.Of([.. fields]));
        await ExpectAsync(response, "worker activity", HttpStatusCode.OK);
    }

    private async Task SetCapacityAsync()
    {
        var worker = world.WorkerSids[_random.Next(world.WorkerSids.Count)];
        var capacity = (1 + _random.Next(RoutingLoadTests.MaxCapacity)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.PostAsync($"{Workspace}/Workers/{worker}/Channels/default", Form.Of(("Capacity", capacity)));
        await ExpectAsync(response, "channel capacity", HttpStatusCode.OK);
    }

    private async Task<JsonElement?> ExpectAsync(HttpResponseMessage response, string operation, params HttpStatusCode[] allowed)
    {
        world.Operations.AddOrUpdate($"{operation} {(int)response.StatusCode}", 1, (_, count) => count + 1);
        var body = await response.Content.ReadAsStringAsync();
        if (!allowed.Contains(response.StatusCode))
        {
            world.Unexpected.Enqueue($"{operation}: {(int)response.StatusCode} {body}");
            return null;
        }

        return response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : null;
    }
}
