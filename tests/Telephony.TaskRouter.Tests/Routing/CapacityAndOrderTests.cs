using System.Net;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>Which task a freed worker gets (FIFO, LIFO, priority) and how many it may hold (multitasking).</summary>
public sealed class CapacityAndOrderTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task A_FIFO_queue_gives_the_highest_priority_first_then_the_oldest()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice", available: false);
        var low = (await ws.TaskAsync(priority: 1, workflowSid: flow)).Sid();
        var highOld = (await ws.TaskAsync(priority: 5, workflowSid: flow)).Sid();
        var highNew = (await ws.TaskAsync(priority: 5, workflowSid: flow)).Sid();

        await ws.WorkerAvailableAsync(alice);
        var order = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var task = (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid");
            order.Add(task);
            await ws.AcceptAndCompleteAsync(task);
        }

        order.Should().Equal(highOld, highNew, low);
    }

    [Fact]
    public async Task A_LIFO_queue_gives_the_newest_first_whatever_the_priority()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All", "1==1", ("TaskOrder", "LIFO")) });
        var alice = await ws.WorkerAsync("alice", available: false);
        var oldest = (await ws.TaskAsync(priority: 9, workflowSid: flow)).Sid();
        var newest = (await ws.TaskAsync(priority: 1, workflowSid: flow)).Sid();

        await ws.WorkerAvailableAsync(alice);

        (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid").Should().Be(newest);
        await ws.AcceptAndCompleteAsync(newest);
        (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid").Should().Be(oldest);
    }

    [Fact]
    public async Task A_multitasking_worker_takes_as_many_tasks_as_its_channel_capacity()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        await (await ws.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default", Form.Of(("Capacity", "3")))).ShouldBeAsync(HttpStatusCode.OK);

        var tasks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tasks.Add((await ws.TaskAsync(workflowSid: flow)).Sid());
        }

        (await ws.WorkerReservationsAsync(alice, "pending")).Select(r => r.Text("task_sid")).Should().BeEquivalentTo(tasks.Take(3));
        (await ws.GetTaskAsync(tasks[3])).Text("assignment_status").Should().Be("pending");
        var channel = await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default");
        channel.GetProperty("configured_capacity").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task A_single_tasking_worker_holds_one_task_and_moves_through_the_queues_activities()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client, multiTask: false);
        var reserved = await ws.ActivityAsync("Reserved", available: false);
        var busy = await ws.ActivityAsync("Busy", available: false);
        var queue = await ws.QueueAsync("All", "1==1", ("ReservationActivitySid", reserved), ("AssignmentActivitySid", busy));
        var flow = await ws.TargetsAsync(new { queue });
        var alice = await ws.WorkerAsync("alice");

        var first = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var second = (await ws.TaskAsync(workflowSid: flow)).Sid();

        (await ws.GetTaskAsync(second)).Text("assignment_status").Should().Be("pending");
        (await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).Text("activity_name").Should().Be("Reserved");
        var offer = (await ws.TaskReservationsAsync(first)).Single().Sid();
        await (await ws.PostReservationAsync(first, offer, ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).Text("activity_name").Should().Be("Busy");
    }

    [Fact]
    public async Task A_worker_switching_a_channel_off_is_not_offered_tasks_on_it()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        await (await ws.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default", Form.Of(("Available", "false")))).ShouldBeAsync(HttpStatusCode.OK);

        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ws.GetTaskAsync(task)).Text("assignment_status").Should().Be("pending");

        await (await ws.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Channels/default", Form.Of(("Available", "true")))).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.ReservedWorkerAsync(task)).Should().Be(alice);
    }
}
