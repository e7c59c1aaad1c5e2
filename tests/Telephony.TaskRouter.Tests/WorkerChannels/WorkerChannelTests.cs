using System.Net;
using Telephony.TaskRouter.Tests.Routing;

namespace Telephony.TaskRouter.Tests.WorkerChannels;

public sealed class WorkerChannelTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task A_worker_has_a_channel_per_task_channel_with_capacity_1()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));

        var channels = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels")).GetProperty("channels");

        channels.EnumerateArray().Select(c => c.Text("task_channel_unique_name")).Should().BeEquivalentTo("default", "voice", "chat", "sms", "video");
        channels.EnumerateArray().Should().OnlyContain(c => c.GetProperty("configured_capacity").GetInt32() == 1 && c.GetProperty("available").GetBoolean());
        var voice = channels.EnumerateArray().Single(c => c.Text("task_channel_unique_name") == "voice");
        voice.Sid().Should().MatchRegex("^WC[0-9a-f]{32}$");
        voice.Text("worker_sid").Should().Be(worker.Sid());
        voice.GetProperty("assigned_tasks").GetInt32().Should().Be(0);
        voice.GetProperty("available_capacity_percentage").GetInt32().Should().Be(100);
        voice.Text("url").Should().EndWith($"/Workers/{worker.Sid()}/Channels/{voice.Sid()}");
    }

    [Fact]
    public async Task Fetch_by_sid_task_channel_sid_or_unique_name_and_update_capacity_and_availability()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));
        var path = $"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels";
        var chat = await tenant.Client.GetJsonAsync($"{path}/chat");

        (await tenant.Client.GetJsonAsync($"{path}/{chat.Sid()}")).Sid().Should().Be(chat.Sid());
        (await tenant.Client.GetJsonAsync($"{path}/{chat.Text("task_channel_sid")}")).Sid().Should().Be(chat.Sid());
        var updated = await (await tenant.Client.PostAsync($"{path}/chat", Form.Of(("Capacity", "5"), ("Available", "False")))).ShouldBeAsync(HttpStatusCode.OK);
        updated.GetProperty("configured_capacity").GetInt32().Should().Be(5);
        updated.GetProperty("available").GetBoolean().Should().BeFalse();
        updated.GetProperty("available_capacity_percentage").GetInt32().Should().Be(0);
        (await tenant.Client.GetJsonAsync($"{path}/chat")).GetProperty("configured_capacity").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task A_channel_shows_the_tasks_assigned_on_it_and_the_capacity_its_offers_leave_free()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var path = $"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default";
        await (await tenant.Client.PostAsync(path, Form.Of(("Capacity", "4")))).ShouldBeAsync(HttpStatusCode.OK);
        async Task<(int Assigned, int Free)> ChannelAsync()
        {
            var channel = await tenant.Client.GetJsonAsync(path);
            return (channel.GetProperty("assigned_tasks").GetInt32(), channel.GetProperty("available_capacity_percentage").GetInt32());
        }

        var first = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ChannelAsync()).Should().Be((0, 75), "an offer holds capacity but is not assigned yet");
        var offer = (await ws.TaskReservationsAsync(first, "pending")).Single().Sid();
        await (await ws.PostReservationAsync(first, offer, ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
        await ws.TaskAsync(workflowSid: flow);
        (await ChannelAsync()).Should().Be((1, 50));
        var listed = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels")).GetProperty("channels").EnumerateArray()
            .Single(c => c.Text("task_channel_unique_name") == "default");
        listed.GetProperty("assigned_tasks").GetInt32().Should().Be(1);

        await ws.SetTaskAsync(first, ("AssignmentStatus", "completed"));
        (await ChannelAsync()).Should().Be((0, 75));
    }

    [Fact]
    public async Task A_channel_with_capacity_0_takes_no_new_reservations()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var path = $"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default";

        var paused = await (await tenant.Client.PostAsync(path, Form.Of(("Capacity", "0")))).ShouldBeAsync(HttpStatusCode.OK);
        paused.GetProperty("available_capacity_percentage").GetInt32().Should().Be(0);
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ws.GetTaskAsync(task)).Text("assignment_status").Should().Be("pending");

        await (await tenant.Client.PostAsync(path, Form.Of(("Capacity", "1")))).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.ReservedWorkerAsync(task)).Should().Be(alice);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("51")]
    [InlineData("many")]
    public async Task Capacity_is_0_to_50(string capacity)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels/voice", Form.Of(("Capacity", capacity))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("Capacity");
    }

    [Fact]
    public async Task A_new_task_channel_reaches_existing_workers()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));

        await tenant.Client.CreateAsync(ws, "TaskChannels", ("FriendlyName", "Email"), ("UniqueName", "email"));

        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels/email")).GetProperty("configured_capacity").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Unknown_channels_and_foreign_workers_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync();
        var worker = await owner.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels/fax")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels/voice", Form.Of(("Capacity", "2")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
