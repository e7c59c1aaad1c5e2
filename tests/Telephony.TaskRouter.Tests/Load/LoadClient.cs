using System.Collections.Concurrent;
using System.Globalization;
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
    /// <summary>The moves, with their answers, that the load must have made for its audit to cover every kind of change.</summary>
    public static readonly IReadOnlyList<string> Moves = ["create task 201", "accept 200", "accept 409", "reject 200", "task completed 200", "cancel task 200", "worker activity 200", "channel capacity 200"];

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

    /// <summary>
    /// Once the race is over, makes each of <see cref="Moves"/> it missed, alone and so that it gets its
    /// answer: the dice promise no move (a busy machine once left the race without a successful reject),
    /// and the audit must cover them all. Returns the moves it had to make.
    /// </summary>
    public async Task<List<string>> MakeMissedMovesAsync()
    {
        var missed = Moves.Where(move => !world.Operations.ContainsKey(move)).ToList();
        var worker = world.WorkerSids[0];
        if (missed.Contains("worker activity 200"))
        {
            await SetActivityAsync(worker, ("ActivitySid", world.AvailableSid));
        }

        if (missed.Contains("channel capacity 200"))
        {
            await SetCapacityAsync(worker, RoutingLoadTests.MaxCapacity);
        }

        if (missed.Contains("create task 201") || missed.Contains("cancel task 200"))
        {
            // A task just created is pending or reserved, the states a cancel is allowed from.
            if (await CreateTaskAsync() is { } task && missed.Contains("cancel task 200"))
            {
                await CancelAsync(task, HttpStatusCode.OK);
            }
        }

        if (missed.Contains("reject 200") && await PendingOfferAsync() is (var rejectedTask, var rejected))
        {
            await AnswerAsync(rejectedTask, rejected, "reject", [("ReservationStatus", "rejected")], HttpStatusCode.OK);
        }

        if ((missed.Contains("accept 200") || missed.Contains("accept 409") || missed.Contains("task completed 200"))
            && await PendingOfferAsync() is (var acceptedTask, var accepted))
        {
            await AnswerAsync(acceptedTask, accepted, "accept", [("ReservationStatus", "accepted")], HttpStatusCode.OK);
            if (missed.Contains("accept 409"))
            {
                // What an accept that lost its race gets: the reservation is no longer pending.
                await AnswerAsync(acceptedTask, accepted, "accept", [("ReservationStatus", "accepted")], HttpStatusCode.Conflict);
            }

            if (missed.Contains("task completed 200"))
            {
                await FinishAsync(acceptedTask, "completed", HttpStatusCode.OK);
            }
        }

        return missed;
    }

    private async Task<string?> CreateTaskAsync()
    {
        var attributes = JsonSerializer.Serialize(new { client = seed, n = _random.Next(1_000) });
        using var response = await client.PostAsync($"{Workspace}/Tasks", Form.Of(("Attributes", attributes), ("Priority", _random.Next(3).ToString(CultureInfo.InvariantCulture))));
        if (await ExpectAsync(response, "create task", HttpStatusCode.Created) is not { } task)
        {
            return null;
        }

        world.Remember(task.Sid());
        return task.Sid();
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
        await AnswerAsync(taskSid, pending[_random.Next(pending.Count)], accept ? "accept" : "reject", fields, HttpStatusCode.OK, HttpStatusCode.Conflict);
    }

    private async Task AnswerAsync(string taskSid, string reservationSid, string operation, (string, string)[] fields, params HttpStatusCode[] allowed)
    {
        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}/Reservations/{reservationSid}", Form.Of(fields));
        await ExpectAsync(response, operation, allowed);
    }

    /// <summary>
    /// A pending reservation: any worker's, or else one made by freeing the first worker of its work,
    /// since the engine offers a worker with room the next waiting task (or a new one) as it routes the change.
    /// </summary>
    private async Task<(string TaskSid, string ReservationSid)?> PendingOfferAsync()
    {
        if (await HeldOfferAsync() is { } held)
        {
            return held;
        }

        var worker = world.WorkerSids[0];
        await SetActivityAsync(worker, ("ActivitySid", world.AvailableSid));
        await SetCapacityAsync(worker, RoutingLoadTests.MaxCapacity);
        foreach (var status in new[] { "accepted", "wrapping" })
        {
            using var list = await client.GetAsync($"{Workspace}/Workers/{worker}/Reservations?ReservationStatus={status}");
            if (await ExpectAsync(list, "list reservations", HttpStatusCode.OK) is { } page)
            {
                foreach (var reservation in page.GetProperty("reservations").EnumerateArray())
                {
                    await FinishAsync(reservation.Text("task_sid"), "completed", HttpStatusCode.OK);
                }
            }
        }

        if (await HeldOfferAsync() is { } offered)
        {
            return offered;
        }

        await CreateTaskAsync();
        return await HeldOfferAsync();
    }

    private async Task<(string TaskSid, string ReservationSid)?> HeldOfferAsync()
    {
        foreach (var worker in world.WorkerSids)
        {
            using var list = await client.GetAsync($"{Workspace}/Workers/{worker}/Reservations?ReservationStatus=pending");
            if (await ExpectAsync(list, "list reservations", HttpStatusCode.OK) is { } page
                && page.GetProperty("reservations").EnumerateArray().ToList() is [var reservation, ..])
            {
                return (reservation.Text("task_sid"), reservation.Sid());
            }
        }

        return null;
    }

    private async Task FinishTaskAsync()
    {
        if (world.RecentTask(_random) is not { } taskSid)
        {
            return;
        }

        // Wrapping first now and then, so reservations go through wrapping too.
        await FinishAsync(taskSid, _random.Next(4) == 0 ? "wrapping" : "completed", HttpStatusCode.OK, HttpStatusCode.Conflict);
    }

    private async Task FinishAsync(string taskSid, string status, params HttpStatusCode[] allowed)
    {
        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}", Form.Of(("AssignmentStatus", status), ("Reason", "load test")));
        await ExpectAsync(response, $"task {status}", allowed);
    }

    private async Task CancelTaskAsync()
    {
        if (world.RecentTask(_random) is { } taskSid)
        {
            await CancelAsync(taskSid, HttpStatusCode.OK, HttpStatusCode.Conflict);
        }
    }

    private async Task CancelAsync(string taskSid, params HttpStatusCode[] allowed)
    {
        using var response = await client.PostAsync($"{Workspace}/Tasks/{taskSid}", Form.Of(("AssignmentStatus", "canceled"), ("Reason", "load test")));
        await ExpectAsync(response, "cancel task", allowed);
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

        await SetActivityAsync(worker, [.. fields]);
    }

    private async Task SetActivityAsync(string worker, params (string, string)[] fields)
    {
        using var response = await client.PostAsync($"{Workspace}/Workers/{worker}", Form.Of(fields));
        await ExpectAsync(response, "worker activity", HttpStatusCode.OK);
    }

    private Task SetCapacityAsync() =>
        SetCapacityAsync(world.WorkerSids[_random.Next(world.WorkerSids.Count)], 1 + _random.Next(RoutingLoadTests.MaxCapacity));

    private async Task SetCapacityAsync(string worker, int capacity)
    {
        using var response = await client.PostAsync($"{Workspace}/Workers/{worker}/Channels/default", Form.Of(("Capacity", capacity.ToString(CultureInfo.InvariantCulture))));
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
