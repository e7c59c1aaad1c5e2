using System.Net;
using Telephony.TaskRouter.Tests.Routing;

namespace Telephony.TaskRouter.Tests.Tasks;

/// <summary>Twilio's less common task parameters: VirtualStartTime and the HasAddons filter.</summary>
public sealed class TaskParameterTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task A_virtual_start_time_is_shown_and_puts_a_moved_task_ahead_of_newer_ones()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice", available: false);
        var fresh = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var movedIn = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(
            ("WorkflowSid", flow),
            ("Attributes", "{}"),
            ("VirtualStartTime", "2026-01-02T03:04:05Z")))).ShouldBeAsync(HttpStatusCode.Created);

        movedIn.Text("virtual_start_time").Should().Be("2026-01-02T03:04:05Z");
        (await ws.GetTaskAsync(fresh)).Text("virtual_start_time").Should().Be((await ws.GetTaskAsync(fresh)).Text("date_created"));
        await ws.WorkerAvailableAsync(alice);
        (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid").Should().Be(movedIn.Sid());
    }

    [Fact]
    public async Task A_virtual_start_time_in_the_future_or_unreadable_is_refused_and_nothing_is_created()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var future = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("VirtualStartTime", future)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("VirtualStartTime");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("VirtualStartTime", "yesterday")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("VirtualStartTime");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks", "tasks")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_updated_virtual_start_time_is_stored_and_moves_the_task_ahead_of_older_ones()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice", available: false);
        await ws.TaskAsync(workflowSid: flow);
        var later = (await ws.TaskAsync(workflowSid: flow)).Sid();

        var updated = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{later}", Form.Of(("VirtualStartTime", "2026-01-02T03:04:05Z"))))
            .ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("virtual_start_time").Should().Be("2026-01-02T03:04:05Z");
        var listed = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Tasks?AssignmentStatus=pending");
        listed.GetProperty("tasks").EnumerateArray().Single(t => t.Sid() == later).Text("virtual_start_time").Should().Be("2026-01-02T03:04:05Z", "the stored row has it");
        await ws.WorkerAvailableAsync(alice);
        (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid").Should().Be(later, "it is now the oldest task in the queue");
    }

    [Fact]
    public async Task An_earlier_virtual_start_time_counts_against_the_workflow_timeouts_at_once()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var first = await ws.QueueAsync("First");
        var escalation = await ws.QueueAsync("Escalation");
        var flow = await ws.TargetsAsync(new { queue = first, timeout = 3600 }, new { queue = escalation });
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ws.GetTaskAsync(task)).Text("task_queue_sid").Should().Be(first);

        var twoHoursAgo = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var updated = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{task}", Form.Of(("VirtualStartTime", twoHoursAgo))))
            .ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("task_queue_sid").Should().Be(escalation, "a task two hours old is past the first target's hour");
    }

    [Theory]
    [InlineData("2999-01-01T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("yesterday")]
    public async Task A_bad_virtual_start_time_on_update_is_refused_and_changes_nothing(string value)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}", Form.Of(("VirtualStartTime", value), ("Priority", "7")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("VirtualStartTime");
        var unchanged = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}");
        unchanged.Text("virtual_start_time").Should().Be(task.Text("virtual_start_time"));
        unchanged.GetProperty("priority").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_workflow_named_as_the_routing_target_routes_the_task()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var first = await ws.QueueAsync("First");
        var second = await ws.QueueAsync("Second");
        await ws.TargetsAsync(new { queue = first });
        var routing = await ws.WorkflowAsync(new { task_routing = new { default_filter = new { queue = second } } }, name: "Second");

        // IgnoreCapacity=false asks for what every task gets: the workers' capacity respected.
        var task = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("Attributes", "{}"), ("RoutingTarget", routing), ("IgnoreCapacity", "false"))))
            .ShouldBeAsync(HttpStatusCode.Created);

        task.Text("workflow_sid").Should().Be(routing);
        task.Text("task_queue_sid").Should().Be(second);
    }

    [Theory]
    [InlineData("RoutingTarget", "worker")]
    [InlineData("RoutingTarget", "queue")]
    [InlineData("RoutingTarget", "other workflow")]
    [InlineData("RoutingTarget", "garbage")]
    [InlineData("IgnoreCapacity", "true")]
    public async Task Direct_routing_is_refused_naming_the_field_and_nothing_is_created(string field, string what)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("All");
        var flow = await ws.TargetsAsync(new { queue });
        var other = await ws.TargetsAsync(new { queue });
        var worker = await ws.WorkerAsync("alice");
        var value = what switch
        {
            "worker" => worker,
            "queue" => queue,
            "other workflow" => other,
            "garbage" => "not a sid",
            _ => what,
        };

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("Attributes", "{}"), ("WorkflowSid", flow), (field, value))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain(field);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws.Sid}/Tasks", "tasks")).Should().BeEmpty();
    }

    [Fact]
    public async Task HasAddons_true_finds_no_task_and_false_finds_them_all()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();

        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=true", "tasks")).Should().BeEmpty();
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=false", "tasks")).Should().Equal(task);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=perhaps")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
