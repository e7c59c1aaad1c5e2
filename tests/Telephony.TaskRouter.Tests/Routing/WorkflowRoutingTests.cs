using System.Net;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>Filters and targets of a workflow, driven through the API.</summary>
public sealed class WorkflowRoutingTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task The_first_matching_filter_wins_and_its_target_sets_the_priority()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var vip = await ws.QueueAsync("VIP");
        var everyone = await ws.QueueAsync("Everyone");
        var flow = await ws.WorkflowAsync(new
        {
            task_routing = new
            {
                filters = new object[]
                {
                    new { filter_friendly_name = "vip", expression = "tier == 'gold'", targets = new[] { new { queue = vip, priority = 10 } } },
                    new { filter_friendly_name = "rest", expression = "1==1", targets = new[] { new { queue = everyone } } },
                },
            },
        });

        var gold = await ws.TaskAsync("""{"tier":"gold"}""", priority: 1, workflowSid: flow);
        var silver = await ws.TaskAsync("""{"tier":"silver"}""", priority: 1, workflowSid: flow);

        gold.Text("task_queue_sid").Should().Be(vip);
        gold.GetProperty("priority").GetInt32().Should().Be(10);
        gold.Text("task_queue_friendly_name").Should().Be("VIP");
        silver.Text("task_queue_sid").Should().Be(everyone);
        silver.GetProperty("priority").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task The_default_filter_takes_what_no_filter_matched_and_without_one_the_task_waits_unqueued()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var sales = await ws.QueueAsync("Sales");
        var fallback = await ws.QueueAsync("Fallback");
        var withDefault = await ws.WorkflowAsync(
            new { task_routing = new { filters = new[] { new { expression = "type == 'sales'", targets = new[] { new { queue = sales } } } }, default_filter = new { queue = fallback } } },
            name: "with default");
        var withoutDefault = await ws.WorkflowAsync(
            new { task_routing = new { filters = new[] { new { expression = "type == 'sales'", targets = new[] { new { queue = sales } } } } } },
            name: "without default");

        (await ws.TaskAsync("""{"type":"support"}""", workflowSid: withDefault)).Text("task_queue_sid").Should().Be(fallback);
        var unrouted = await ws.TaskAsync("""{"type":"support"}""", workflowSid: withoutDefault);
        unrouted.GetProperty("task_queue_sid").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        unrouted.Text("assignment_status").Should().Be("pending");

        // New attributes are evaluated again: now the filter matches.
        var updated = await ws.SetTaskAsync(unrouted.Sid(), ("Attributes", """{"type":"sales"}"""));
        updated.Text("task_queue_sid").Should().Be(sales);
    }

    [Fact]
    public async Task Only_workers_selected_by_the_queue_and_the_target_expression_are_reserved()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var english = await ws.QueueAsync("English", "languages HAS 'en'");
        var flow = await ws.TargetsAsync(new { queue = english, expression = "worker.skill == task.skill" });
        await ws.WorkerAsync("french billing", """{"languages":["fr"],"skill":"billing"}""");
        await ws.WorkerAsync("english sales", """{"languages":["en"],"skill":"sales"}""");
        var wanted = await ws.WorkerAsync("english billing", """{"languages":["en"],"skill":"billing"}""");

        var task = await ws.TaskAsync("""{"skill":"billing"}""", workflowSid: flow);

        task.Text("assignment_status").Should().Be("reserved");
        (await ws.ReservedWorkerAsync(task.Sid())).Should().Be(wanted);
    }

    [Fact]
    public async Task Skip_if_passes_over_a_target_whose_queue_has_no_one_available()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var specialists = await ws.QueueAsync("Specialists", "specialist == true");
        var generalists = await ws.QueueAsync("Generalists", "specialist == false");
        var flow = await ws.TargetsAsync(new { queue = specialists, skip_if = "workers.available == 0" }, new { queue = generalists });
        await ws.WorkerAsync("specialist", """{"specialist":true}""", available: false);
        var generalist = await ws.WorkerAsync("generalist", """{"specialist":false}""");

        var task = await ws.TaskAsync(workflowSid: flow);

        task.Text("task_queue_sid").Should().Be(generalists);
        (await ws.ReservedWorkerAsync(task.Sid())).Should().Be(generalist);
    }

    [Fact]
    public async Task Order_by_picks_the_best_worker_by_attribute()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("All");
        var flow = await ws.TargetsAsync(new { queue, order_by = "worker.level DESC" });
        await ws.WorkerAsync("level 1", """{"level":1}""");
        var best = await ws.WorkerAsync("level 3", """{"level":3}""");
        await ws.WorkerAsync("level 2", """{"level":2}""");

        var task = await ws.TaskAsync(workflowSid: flow);

        (await ws.ReservedWorkerAsync(task.Sid())).Should().Be(best);
    }

    [Fact]
    public async Task A_known_worker_target_offers_the_task_only_to_the_worker_the_task_names()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("All");
        var bySid = await ws.TargetsAsync(new { queue, known_worker_sid = "task.agent_sid" });
        var byName = await ws.WorkflowAsync(
            new { task_routing = new { filters = new[] { new { expression = "1==1", targets = new[] { new { queue, known_worker_friendly_name = "task.agent_name" } } } } } },
            name: "by name");
        await ws.WorkerAsync("idle longest");
        var bob = await ws.WorkerAsync("bob");
        var carol = await ws.WorkerAsync("carol");

        var forBob = await ws.TaskAsync($$"""{"agent_sid":"{{bob}}"}""", workflowSid: bySid);
        var forCarol = await ws.TaskAsync("""{"agent_name":"carol"}""", workflowSid: byName);

        (await ws.ReservedWorkerAsync(forBob.Sid())).Should().Be(bob);
        (await ws.ReservedWorkerAsync(forCarol.Sid())).Should().Be(carol);
    }

    [Fact]
    public async Task A_target_that_times_out_hands_the_task_to_the_next_one()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var first = await ws.QueueAsync("First line", "line == 1");
        var second = await ws.QueueAsync("Second line", "line == 2");
        var flow = await ws.TargetsAsync(new { queue = first, timeout = 1 }, new { queue = second });
        var secondLine = await ws.WorkerAsync("second line", """{"line":2}""");

        var task = await ws.TaskAsync(workflowSid: flow);
        task.Text("task_queue_sid").Should().Be(first);

        var escalated = await ws.TaskEventuallyAsync(task.Sid(), "reserved");
        escalated.Text("task_queue_sid").Should().Be(second);
        (await ws.ReservedWorkerAsync(task.Sid())).Should().Be(secondLine);
    }

    [Fact]
    public async Task A_task_whose_last_target_times_out_is_canceled_with_Twilios_reason()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("Nobody", "team == 'none'");
        var flow = await ws.TargetsAsync(new { queue, timeout = 1 });

        var task = await ws.TaskAsync(workflowSid: flow);

        var canceled = await ws.TaskEventuallyAsync(task.Sid(), "canceled");
        canceled.Text("reason").Should().Be("Task canceled on Workflow timeout");
    }

    [Fact]
    public async Task A_later_target_without_a_queue_inherits_the_one_above()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("Support");
        var flow = await ws.TargetsAsync(new { queue, expression = "worker.level == 2", timeout = 1 }, new { expression = "worker.level == 1" });
        var junior = await ws.WorkerAsync("junior", """{"level":1}""");

        var task = await ws.TaskAsync(workflowSid: flow);
        task.Text("assignment_status").Should().Be("pending");

        var reserved = await ws.TaskEventuallyAsync(task.Sid(), "reserved");
        reserved.Text("task_queue_sid").Should().Be(queue);
        (await ws.ReservedWorkerAsync(task.Sid())).Should().Be(junior);
    }

    [Fact]
    public async Task Reservations_of_another_accounts_task_are_not_found()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(owner.Client);
        var queue = await ws.QueueAsync("All");
        var flow = await ws.TargetsAsync(new { queue });
        var worker = await ws.WorkerAsync("alice");
        var task = await ws.TaskAsync(workflowSid: flow);
        var reservation = (await ws.TaskReservationsAsync(task.Sid())).Single().Sid();

        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{task.Sid()}/Reservations")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Workers/{worker}/Reservations/{reservation}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{task.Sid()}/Reservations/{reservation}", Form.Of(("ReservationStatus", "accepted"))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await ws.GetTaskAsync(task.Sid())).Text("assignment_status").Should().Be("reserved");
    }
}
