using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Persistence;

namespace Telephony.TaskRouter.Tests.Statistics;

/// <summary>
/// What a supervisor reads while real routing happens: workers and tasks made, reservations accepted,
/// rejected and canceled through the API, then every statistics resource checked against that story.
/// </summary>
public sealed class StatisticsTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Real_time_statistics_show_the_live_tasks_and_workers()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);

        var realtime = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/RealTimeStatistics");

        realtime.Text("workspace_sid").Should().Be(story.Ws);
        realtime.Text("account_sid").Should().Be(tenant.AccountSid);
        realtime.Text("url").Should().EndWith($"/v1/Workspaces/{story.Ws}/RealTimeStatistics");
        Counts(realtime.GetProperty("tasks_by_status")).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["pending"] = 1,
            ["reserved"] = 0,
            ["assigned"] = 0,
            ["wrapping"] = 0,
        });
        Counts(realtime.GetProperty("tasks_by_priority")).Should().BeEquivalentTo(new Dictionary<string, int> { ["1"] = 1 });
        realtime.GetProperty("total_tasks").GetInt32().Should().Be(1);
        realtime.GetProperty("total_workers").GetInt32().Should().Be(2);
        realtime.Text("longest_task_waiting_sid").Should().Be(story.Waiting);
        realtime.GetProperty("longest_task_waiting_age").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        Activities(realtime).Should().BeEquivalentTo(new Dictionary<string, int> { ["Offline"] = 1, ["Available"] = 1, ["Unavailable"] = 0 });
    }

    [Fact]
    public async Task Cumulative_statistics_count_what_happened_in_the_window()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);

        var cumulative = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/CumulativeStatistics?SplitByWaitTime=3600");

        Int(cumulative, "tasks_created").Should().Be(3);
        Int(cumulative, "tasks_canceled").Should().Be(1);
        Int(cumulative, "tasks_completed").Should().Be(1);
        Int(cumulative, "tasks_deleted").Should().Be(0);
        Int(cumulative, "tasks_timed_out_in_workflow").Should().Be(0);
        Int(cumulative, "reservations_created").Should().Be(2);
        Int(cumulative, "reservations_accepted").Should().Be(1);
        Int(cumulative, "reservations_rejected").Should().Be(1);
        Int(cumulative, "reservations_timed_out").Should().Be(0);
        var accepted = cumulative.GetProperty("wait_duration_until_accepted");
        accepted.GetProperty("max").GetInt64().Should().BeGreaterThanOrEqualTo(accepted.GetProperty("min").GetInt64());
        accepted.GetProperty("p99").GetInt64().Should().Be(accepted.GetProperty("max").GetInt64(), "one accepted reservation is every percentile");
        Int(cumulative, "avg_task_acceptance_time").Should().Be((int)accepted.GetProperty("avg").GetInt64());
        var split = cumulative.GetProperty("split_by_wait_time").GetProperty("3600");
        Int(split.GetProperty("below"), "reservations_accepted").Should().Be(1);
        Int(split.GetProperty("below"), "tasks_canceled").Should().Be(1);
        Int(split.GetProperty("above"), "reservations_accepted").Should().Be(0);
        cumulative.GetProperty("end_time").GetString().Should().NotBeNull();
    }

    [Fact]
    public async Task Waits_are_the_tasks_ages_from_their_virtual_start()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await tenant.Client.CreateAvailableWorkerAsync(ws, "Alice");
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var oneHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var old = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("VirtualStartTime", twoHoursAgo))).Sid();
        await tenant.Client.SetReservationAsync(ws, old, (await tenant.Client.ReservationsAsync(ws, $"Tasks/{old}", "pending")).Single().Sid(), ("ReservationStatus", "accepted"));
        var dropped = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("VirtualStartTime", oneHourAgo))).Sid();
        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{dropped}", Form.Of(("AssignmentStatus", "canceled")))).ShouldBeAsync(HttpStatusCode.OK);

        var cumulative = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/CumulativeStatistics?SplitByWaitTime=5400");

        cumulative.GetProperty("wait_duration_until_accepted").GetProperty("min").GetInt64().Should().BeInRange(7_200, 7_300, "the accepted task waited two hours from its virtual start");
        cumulative.GetProperty("wait_duration_until_canceled").GetProperty("min").GetInt64().Should().BeInRange(3_600, 3_700);
        var split = cumulative.GetProperty("split_by_wait_time").GetProperty("5400");
        Int(split.GetProperty("above"), "reservations_accepted").Should().Be(1);
        Int(split.GetProperty("below"), "tasks_canceled").Should().Be(1);

        // Events recorded before they kept the age as a column have it only in their data.
        await using (var connection = new SqliteConnection($"Data Source={app.Services.GetRequiredService<DataFolder>().File($"{TaskRouterModule.DatabaseName}.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Events\" SET \"TaskAge\" = NULL WHERE \"WorkspaceSid\" = $ws";
            command.Parameters.AddWithValue("$ws", ws);
            (await command.ExecuteNonQueryAsync()).Should().BeGreaterThan(0);
        }

        var fromData = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/CumulativeStatistics?SplitByWaitTime=5400");
        fromData.GetProperty("wait_duration_until_accepted").GetRawText().Should().Be(cumulative.GetProperty("wait_duration_until_accepted").GetRawText());
        fromData.GetProperty("wait_duration_until_canceled").GetRawText().Should().Be(cumulative.GetProperty("wait_duration_until_canceled").GetRawText());
    }

    [Fact]
    public async Task Workspace_statistics_nest_both_halves_and_a_window_in_the_past_counts_nothing()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);

        var both = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/Statistics");
        Int(both.GetProperty("cumulative"), "tasks_created").Should().Be(3);
        Int(both.GetProperty("realtime"), "total_tasks").Should().Be(1);
        both.GetProperty("cumulative").GetProperty("split_by_wait_time").ValueKind.Should().Be(JsonValueKind.Null);

        var past = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/CumulativeStatistics?EndDate=2000-01-01T00:00:00Z");
        Int(past, "tasks_created").Should().Be(0);
        past.Text("start_time").Should().Be("1999-12-31T23:45:00Z", "the default window is the 15 minutes before EndDate");
        past.Text("end_time").Should().Be("2000-01-01T00:00:00Z");
        var hourBefore = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/CumulativeStatistics?Minutes=60&EndDate=2000-01-01T00:00:00Z");
        hourBefore.Text("start_time").Should().Be("1999-12-31T23:00:00Z");
    }

    [Fact]
    public async Task A_task_channel_keeps_only_that_channels_tasks()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);

        var voice = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/Statistics?TaskChannel=voice");
        Int(voice.GetProperty("realtime"), "total_tasks").Should().Be(0);
        Int(voice.GetProperty("cumulative"), "tasks_created").Should().Be(0);
        var defaults = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/Statistics?TaskChannel=default");
        Int(defaults.GetProperty("realtime"), "total_tasks").Should().Be(1);
        Int(defaults.GetProperty("cumulative"), "tasks_created").Should().Be(3);
    }

    [Fact]
    public async Task Queue_statistics_show_its_members_tasks_and_history()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);
        var path = $"/v1/Workspaces/{story.Ws}/TaskQueues/{story.Queue}";

        var realtime = await tenant.Client.GetJsonAsync($"{path}/RealTimeStatistics");
        realtime.Text("task_queue_sid").Should().Be(story.Queue);
        Int(realtime, "total_eligible_workers").Should().Be(2);
        Int(realtime, "total_available_workers").Should().Be(1);
        Int(realtime, "total_tasks").Should().Be(1);
        realtime.Text("longest_relative_task_sid_in_queue").Should().Be(story.Waiting);
        Activities(realtime).Should().BeEquivalentTo(new Dictionary<string, int> { ["Offline"] = 1, ["Available"] = 1, ["Unavailable"] = 0 });

        var cumulative = await tenant.Client.GetJsonAsync($"{path}/CumulativeStatistics");
        Int(cumulative, "tasks_entered").Should().Be(3);
        Int(cumulative, "tasks_canceled").Should().Be(1);
        Int(cumulative, "tasks_completed").Should().Be(1);
        Int(cumulative, "reservations_created").Should().Be(2);
        Int(cumulative, "reservations_accepted").Should().Be(1);
        Int(cumulative, "reservations_rejected").Should().Be(1);
        cumulative.GetProperty("wait_duration_in_queue_until_accepted").GetProperty("max").GetInt64().Should().BeGreaterThanOrEqualTo(0);

        var both = await tenant.Client.GetJsonAsync($"{path}/Statistics");
        Int(both.GetProperty("realtime"), "total_eligible_workers").Should().Be(2);
        Int(both.GetProperty("cumulative"), "tasks_entered").Should().Be(3);
    }

    [Fact]
    public async Task The_queues_statistics_list_has_one_item_per_queue()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);
        await tenant.Client.CreateAsync(story.Ws, "TaskQueues", ("FriendlyName", "Nobody"), ("TargetWorkers", "1==2"));

        var list = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/TaskQueues/Statistics");
        var items = list.GetProperty("task_queues_statistics").EnumerateArray().ToList();
        items.Should().HaveCount(2);
        var sample = items.Single(i => i.Text("task_queue_sid") == story.Queue);
        Int(sample.GetProperty("realtime"), "total_eligible_workers").Should().Be(2);
        Int(sample.GetProperty("cumulative"), "tasks_entered").Should().Be(3);
        var nobody = items.Single(i => i.Text("task_queue_sid") != story.Queue);
        Int(nobody.GetProperty("realtime"), "total_eligible_workers").Should().Be(0);
        Int(nobody.GetProperty("cumulative"), "tasks_entered").Should().Be(0, "the page's queues are counted together, each with its own events");
        Int(nobody.GetProperty("cumulative"), "reservations_accepted").Should().Be(0);
        var alone = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/TaskQueues/{story.Queue}/CumulativeStatistics");
        foreach (var figure in new[] { "reservations_accepted", "reservations_rejected", "wait_duration_until_accepted", "wait_duration_in_queue_until_accepted", "tasks_completed" })
        {
            sample.GetProperty("cumulative").GetProperty(figure).GetRawText().Should().Be(alone.GetProperty(figure).GetRawText(), $"the list's {figure} is the queue's own");
        }
        list.GetProperty("meta").GetProperty("key").GetString().Should().Be("task_queues_statistics");

        var named = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/TaskQueues/Statistics?FriendlyName=Nobody");
        named.GetProperty("task_queues_statistics").GetArrayLength().Should().Be(1);
        var firstPage = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/TaskQueues/Statistics?PageSize=1");
        var first = firstPage.GetProperty("task_queues_statistics").EnumerateArray().Single();
        Int(first.GetProperty("cumulative"), "tasks_entered").Should().Be(first.Text("task_queue_sid") == story.Queue ? 3 : 0, "a page of one queue has that queue's own figures");
    }

    [Fact]
    public async Task Workflow_statistics_follow_the_tasks_that_entered_it()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);
        var path = $"/v1/Workspaces/{story.Ws}/Workflows/{story.Workflow}";

        var realtime = await tenant.Client.GetJsonAsync($"{path}/RealTimeStatistics");
        realtime.Text("workflow_sid").Should().Be(story.Workflow);
        Int(realtime, "total_tasks").Should().Be(1);
        realtime.Text("longest_task_waiting_sid").Should().Be(story.Waiting);

        var cumulative = await tenant.Client.GetJsonAsync($"{path}/CumulativeStatistics");
        Int(cumulative, "tasks_entered").Should().Be(3);
        Int(cumulative, "reservations_accepted").Should().Be(1);
        Int(cumulative, "tasks_canceled").Should().Be(1);

        var both = await tenant.Client.GetJsonAsync($"{path}/Statistics");
        Int(both.GetProperty("cumulative"), "tasks_entered").Should().Be(3);
        Int(both.GetProperty("realtime"), "total_tasks").Should().Be(1);
    }

    [Fact]
    public async Task Worker_statistics_count_each_workers_reservations()
    {
        using var tenant = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(tenant.Client);
        var workers = $"/v1/Workspaces/{story.Ws}/Workers";

        var alice = (await tenant.Client.GetJsonAsync($"{workers}/{story.Alice}/Statistics")).GetProperty("cumulative");
        Int(alice, "reservations_created").Should().Be(2);
        Int(alice, "reservations_accepted").Should().Be(1);
        Int(alice, "reservations_rejected").Should().Be(1);
        var bob = await tenant.Client.GetJsonAsync($"{workers}/{story.Bob}/Statistics");
        bob.Text("worker_sid").Should().Be(story.Bob);
        Int(bob.GetProperty("cumulative"), "reservations_created").Should().Be(0);

        var all = await tenant.Client.GetJsonAsync($"{workers}/Statistics");
        Int(all.GetProperty("realtime"), "total_workers").Should().Be(2);
        Int(all.GetProperty("cumulative"), "reservations_created").Should().Be(2);
        Activities(await tenant.Client.GetJsonAsync($"{workers}/RealTimeStatistics"))
            .Should().BeEquivalentTo(new Dictionary<string, int> { ["Offline"] = 1, ["Available"] = 1, ["Unavailable"] = 0 });
        Int(await tenant.Client.GetJsonAsync($"{workers}/CumulativeStatistics"), "reservations_accepted").Should().Be(1);

        var nobody = (await tenant.Client.CreateAsync(story.Ws, "TaskQueues", ("FriendlyName", "Nobody"), ("TargetWorkers", "1==2"))).Sid();
        Int(await tenant.Client.GetJsonAsync($"{workers}/RealTimeStatistics?TaskQueueSid={nobody}"), "total_workers").Should().Be(0);
        Int(await tenant.Client.GetJsonAsync($"{workers}/RealTimeStatistics?TaskQueueName=Nobody"), "total_workers").Should().Be(0);
        var queueName = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{story.Ws}/TaskQueues/{story.Queue}")).Text("friendly_name");
        Int(await tenant.Client.GetJsonAsync($"{workers}/RealTimeStatistics?TaskQueueName={Uri.EscapeDataString(queueName)}"), "total_workers").Should().Be(2);

        // FriendlyName keeps the worker of that name, in both halves.
        var onlyAlice = await tenant.Client.GetJsonAsync($"{workers}/Statistics?FriendlyName=Alice");
        Activities(onlyAlice.GetProperty("realtime")).Should().BeEquivalentTo(new Dictionary<string, int> { ["Offline"] = 0, ["Available"] = 1, ["Unavailable"] = 0 });
        Int(onlyAlice.GetProperty("cumulative"), "reservations_created").Should().Be(2);
        Int(await tenant.Client.GetJsonAsync($"{workers}/CumulativeStatistics?FriendlyName=Bob"), "reservations_created").Should().Be(0);
        var nameless = await tenant.Client.GetJsonAsync($"{workers}/Statistics?FriendlyName=Zed");
        Int(nameless.GetProperty("realtime"), "total_workers").Should().Be(0);
        Int(nameless.GetProperty("cumulative"), "reservations_created").Should().Be(0);
    }

    [Fact]
    public async Task A_task_that_times_out_of_its_workflow_is_counted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Single();
        var configuration = JsonSerializer.Serialize(new { task_routing = new { filters = new[] { new { expression = "1==1", targets = new[] { new { queue, timeout = 1 } } } } } });
        var workflow = (await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "Short"), ("Configuration", configuration))).Sid();
        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("WorkflowSid", workflow))).Sid();
        for (var attempt = 0; attempt < 100 && (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Tasks/{task}")).Text("assignment_status") != "canceled"; attempt++)
        {
            await Task.Delay(100);
        }

        var cumulative = await PolledAsync(tenant.Client, $"/v1/Workspaces/{ws}/Workflows/{workflow}/CumulativeStatistics", c => Int(c, "tasks_timed_out_in_workflow") == 1);
        Int(cumulative, "tasks_timed_out_in_workflow").Should().Be(1);
        Int(cumulative, "tasks_canceled").Should().Be(1);
        cumulative.GetProperty("wait_duration_until_canceled").GetProperty("min").GetInt64().Should().BeGreaterThanOrEqualTo(1, "the task waited its 1 s target timeout");
    }

    [Theory]
    [InlineData("Minutes=0", "Minutes")]
    [InlineData("Minutes=many", "Minutes")]
    [InlineData("Minutes=43201", "Minutes")]
    [InlineData("Minutes=5&StartDate=2026-01-01T00:00:00Z", "Minutes")]
    [InlineData("StartDate=yesterday", "StartDate")]
    [InlineData("EndDate=2026-13-01", "EndDate")]
    [InlineData("StartDate=2026-02-01T00:00:00Z&EndDate=2026-01-01T00:00:00Z", "StartDate")]
    [InlineData("SplitByWaitTime=10,soon", "SplitByWaitTime")]
    [InlineData("SplitByWaitTime=0", "SplitByWaitTime")]
    [InlineData("SplitByWaitTime=1,2,3,4,5,6,7,8,9,10,11", "SplitByWaitTime")]
    [InlineData("TaskChannel=carrier-pigeon", "TaskChannel")]
    public async Task A_bad_window_or_filter_is_a_400_naming_the_field(string queryString, string field)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");

        foreach (var resource in new[] { "Statistics", "CumulativeStatistics", "Workers/CumulativeStatistics", "TaskQueues/Statistics" })
        {
            (await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/{resource}?{queryString}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
                .Text("message").Should().StartWith(field);
        }
    }

    [Fact]
    public async Task Another_accounts_statistics_are_not_found()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var story = await SupervisedDayAsync(owner.Client);
        var ws = $"/v1/Workspaces/{story.Ws}";

        foreach (var path in new[]
        {
            $"{ws}/Statistics", $"{ws}/RealTimeStatistics", $"{ws}/CumulativeStatistics",
            $"{ws}/TaskQueues/Statistics", $"{ws}/TaskQueues/{story.Queue}/Statistics", $"{ws}/TaskQueues/{story.Queue}/RealTimeStatistics",
            $"{ws}/TaskQueues/{story.Queue}/CumulativeStatistics", $"{ws}/Workflows/{story.Workflow}/Statistics",
            $"{ws}/Workflows/{story.Workflow}/RealTimeStatistics", $"{ws}/Workflows/{story.Workflow}/CumulativeStatistics",
            $"{ws}/Workers/Statistics", $"{ws}/Workers/RealTimeStatistics", $"{ws}/Workers/CumulativeStatistics", $"{ws}/Workers/{story.Alice}/Statistics",
        })
        {
            await (await stranger.Client.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/TaskQueues/{story.Queue}/Statistics")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/Workers/{story.Alice}/Statistics")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Alice (available) and Bob (offline) in a FIFO workspace. Task 1 (priority 5) is offered to Alice, who accepts
    /// and completes it; task 3 is canceled while pending; task 2 is then offered to Alice, who rejects it, so it waits.
    /// </summary>
    private static async Task<Story> SupervisedDayAsync(HttpClient client)
    {
        var ws = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = (await client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Single();
        var workflow = (await client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();
        var alice = await client.CreateAvailableWorkerAsync(ws, "Alice");
        var bob = (await client.CreateAsync(ws, "Workers", ("FriendlyName", "Bob"))).Sid();

        var first = (await client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("Priority", "5"))).Sid();
        var offer = (await client.ReservationsAsync(ws, $"Tasks/{first}", "pending")).Single().Sid();
        await client.SetReservationAsync(ws, first, offer, ("ReservationStatus", "accepted"));
        var waiting = (await client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("Priority", "1"))).Sid();
        var canceled = (await client.CreateAsync(ws, "Tasks", ("Attributes", "{}"), ("Priority", "1"))).Sid();
        await (await client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{canceled}", Form.Of(("AssignmentStatus", "canceled")))).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{first}", Form.Of(("AssignmentStatus", "completed")))).ShouldBeAsync(HttpStatusCode.OK);
        var second = (await client.ReservationsAsync(ws, $"Tasks/{waiting}", "pending")).Single().Sid();
        await client.SetReservationAsync(ws, waiting, second, ("ReservationStatus", "rejected"));
        return new Story(ws, queue, workflow, alice, bob, waiting);
    }

    private static async Task<JsonElement> PolledAsync(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var figures = await client.GetJsonAsync(path);
        for (var attempt = 0; attempt < 50 && !done(figures); attempt++)
        {
            await Task.Delay(100);
            figures = await client.GetJsonAsync(path);
        }

        return figures;
    }

    private static int Int(JsonElement figures, string property) => figures.GetProperty(property).GetInt32();

    private static Dictionary<string, int> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    private static Dictionary<string, int> Activities(JsonElement realtime) =>
        realtime.GetProperty("activity_statistics").EnumerateArray().ToDictionary(a => a.Text("friendly_name"), a => a.GetProperty("workers").GetInt32());

    private sealed record Story(string Ws, string Queue, string Workflow, string Alice, string Bob, string Waiting);
}
