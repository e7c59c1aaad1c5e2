using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>A workspace built through the API for routing tests: activities Available and Offline, queues, workflows, workers.</summary>
internal sealed class RoutingWorkspace(HttpClient client, string sid, string available, string offline)
{
    public HttpClient Client { get; } = client;

    public string Sid { get; } = sid;

    public string Available { get; } = available;

    public string Offline { get; } = offline;

    private string Path => $"/v1/Workspaces/{Sid}";

    public static async Task<RoutingWorkspace> CreateAsync(HttpClient client, bool multiTask = true)
    {
        var workspace = await (await client.PostAsync("/v1/Workspaces", Form.Of(("FriendlyName", "Routing"), ("MultiTaskEnabled", multiTask ? "true" : "false"))))
            .ShouldBeAsync(HttpStatusCode.Created);
        var sid = workspace.Sid();
        // Every workspace starts with Twilio's default activities (Offline, Available, Unavailable).
        return new RoutingWorkspace(client, sid, await client.ActivitySidAsync(sid, "Available"), await client.ActivitySidAsync(sid, "Offline"));
    }

    public async Task<string> ActivityAsync(string friendlyName, bool available) =>
        (await Client.CreateAsync(Sid, "Activities", ("FriendlyName", friendlyName), ("Available", available ? "true" : "false"))).Sid();

    public async Task<string> QueueAsync(string name, string targetWorkers = "1==1", params (string Key, string Value)[] more) =>
        (await Client.CreateAsync(Sid, "TaskQueues", [("FriendlyName", name), ("TargetWorkers", targetWorkers), .. more])).Sid();

    public async Task<string> WorkflowAsync(object configuration, int reservationTimeout = 120, string name = "Flow") =>
        (await Client.CreateAsync(
            Sid,
            "Workflows",
            ("FriendlyName", name),
            ("Configuration", JsonSerializer.Serialize(configuration)),
            ("TaskReservationTimeout", reservationTimeout.ToString(CultureInfo.InvariantCulture)))).Sid();

    /// <summary>A workflow of one filter (matching every task) with the given targets.</summary>
    public Task<string> TargetsAsync(params object[] targets) =>
        WorkflowAsync(new { task_routing = new { filters = new[] { new { filter_friendly_name = "all", expression = "1==1", targets } } } });

    public async Task<string> WorkerAsync(string name, string attributes = "{}", bool available = true) =>
        (await Client.CreateAsync(Sid, "Workers", ("FriendlyName", name), ("ActivitySid", available ? Available : Offline), ("Attributes", attributes))).Sid();

    public async Task<JsonElement> SetWorkerAsync(string workerSid, params (string Key, string Value)[] fields) =>
        await (await Client.PostAsync($"{Path}/Workers/{workerSid}", Form.Of(fields))).ShouldBeAsync(HttpStatusCode.OK);

    public Task<JsonElement> WorkerAvailableAsync(string workerSid) => SetWorkerAsync(workerSid, ("ActivitySid", Available));

    public async Task<JsonElement> TaskAsync(string attributes = "{}", int? priority = null, string? workflowSid = null)
    {
        var fields = new List<(string, string)> { ("Attributes", attributes) };
        if (priority is { } p)
        {
            fields.Add(("Priority", p.ToString(CultureInfo.InvariantCulture)));
        }

        if (workflowSid is not null)
        {
            fields.Add(("WorkflowSid", workflowSid));
        }

        return await Client.CreateAsync(Sid, "Tasks", [.. fields]);
    }

    public Task<JsonElement> GetTaskAsync(string taskSid) => Client.GetJsonAsync($"{Path}/Tasks/{taskSid}");

    public async Task<JsonElement> SetTaskAsync(string taskSid, params (string Key, string Value)[] fields) =>
        await (await Client.PostAsync($"{Path}/Tasks/{taskSid}", Form.Of(fields))).ShouldBeAsync(HttpStatusCode.OK);

    public Task<List<JsonElement>> TaskReservationsAsync(string taskSid, string status = "") => Client.ReservationsAsync(Sid, $"Tasks/{taskSid}", status);

    public Task<List<JsonElement>> WorkerReservationsAsync(string workerSid, string status = "") => Client.ReservationsAsync(Sid, $"Workers/{workerSid}", status);

    /// <summary>The worker the task's single pending reservation is for.</summary>
    public async Task<string> ReservedWorkerAsync(string taskSid) =>
        (await TaskReservationsAsync(taskSid, "pending")).Single().Text("worker_sid");

    public Task<HttpResponseMessage> PostReservationAsync(string taskSid, string reservationSid, params (string Key, string Value)[] fields) =>
        Client.PostAsync($"{Path}/Tasks/{taskSid}/Reservations/{reservationSid}", Form.Of(fields));

    /// <summary>Accepts the task's pending reservation, then completes the task: its worker is free again.</summary>
    public async Task AcceptAndCompleteAsync(string taskSid)
    {
        var reservation = (await TaskReservationsAsync(taskSid, "pending")).Single().Sid();
        await (await PostReservationAsync(taskSid, reservation, ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
        await SetTaskAsync(taskSid, ("AssignmentStatus", "completed"));
    }

    /// <summary>Reads until the condition holds: timers (timeouts) fire on the engine's clock, not the test's.</summary>
    public static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var current = await read();
            if (condition(current))
            {
                return current;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not {what}: {current}");
            }

            await Task.Delay(100);
        }
    }

    public Task<JsonElement> TaskEventuallyAsync(string taskSid, string status) =>
        EventuallyAsync(() => GetTaskAsync(taskSid), task => task.Text("assignment_status") == status, $"{status}");
}
