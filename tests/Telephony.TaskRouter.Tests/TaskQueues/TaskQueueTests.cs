using System.Net;
using Telephony.TaskRouter.Tests.Routing;

namespace Telephony.TaskRouter.Tests.TaskQueues;

public sealed class TaskQueueTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task A_new_queue_has_Twilios_defaults()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Support"));

        queue.Sid().Should().MatchRegex("^WQ[0-9a-f]{32}$");
        queue.Text("target_workers").Should().Be("1==1");
        queue.GetProperty("max_reserved_workers").GetInt32().Should().Be(1);
        queue.Text("task_order").Should().Be("FIFO");
        queue.GetProperty("reservation_activity_sid").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        queue.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/TaskQueues/{queue.Sid()}");
        queue.GetProperty("links").GetProperty("workspace").GetString().Should().EndWith($"/v1/Workspaces/{ws}");
    }

    [Fact]
    public async Task Create_with_every_field_then_fetch_update_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var reserved = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Reserved"));
        var busy = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Busy"));

        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues",
            ("FriendlyName", "Sales"),
            ("TargetWorkers", "languages HAS 'en'"),
            ("MaxReservedWorkers", "50"),
            ("TaskOrder", "LIFO"),
            ("ReservationActivitySid", reserved.Sid()),
            ("AssignmentActivitySid", busy.Sid()));
        queue.Text("reservation_activity_name").Should().Be("Reserved");
        queue.Text("assignment_activity_name").Should().Be("Busy");
        queue.GetProperty("max_reserved_workers").GetInt32().Should().Be(50);
        queue.Text("task_order").Should().Be("LIFO");

        var path = $"/v1/Workspaces/{ws}/TaskQueues/{queue.Sid()}";
        var updated = await (await tenant.Client.PostAsync(path, Form.Of(
            ("FriendlyName", "Sales EU"), ("TargetWorkers", "1==1"), ("MaxReservedWorkers", "3"), ("TaskOrder", "FIFO"), ("AssignmentActivitySid", reserved.Sid()))))
            .ShouldBeAsync(HttpStatusCode.OK);
        updated.Text("friendly_name").Should().Be("Sales EU");
        updated.Text("assignment_activity_name").Should().Be("Reserved");
        var fetched = await tenant.Client.GetJsonAsync(path);
        fetched.Text("target_workers").Should().Be("1==1");
        fetched.GetProperty("max_reserved_workers").GetInt32().Should().Be(3);
        fetched.Text("task_order").Should().Be("FIFO");
        (await tenant.Client.DeleteAsync(path)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("MaxReservedWorkers", "0")]
    [InlineData("MaxReservedWorkers", "51")]
    [InlineData("TaskOrder", "RANDOM")]
    [InlineData("ReservationActivitySid", "WA00000000000000000000000000000000")]
    [InlineData("AssignmentActivitySid", "WA00000000000000000000000000000000")]
    public async Task A_bad_field_is_a_400_naming_it(string field, string value)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskQueues", Form.Of(("FriendlyName", "q"), (field, value))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain(field);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Should().BeEmpty();
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task A_bad_target_workers_expression_is_a_400_naming_the_field()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskQueues", Form.Of(("FriendlyName", "q"), ("TargetWorkers", "languages HAS ("))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("TargetWorkers");
    }

    [Fact]
    public async Task Names_are_unique_in_a_workspace()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Support"));

        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskQueues", Form.Of(("FriendlyName", "Support")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_queue_a_workflow_targets_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Support"));
        var workflow = await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "w"), ("Configuration", TaskRouterClient.DefaultRouting(queue.Sid())));

        var problem = await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/TaskQueues/{queue.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.Text("message").Should().Contain(workflow.Sid());
    }

    [Fact]
    public async Task A_queue_holding_an_active_task_is_deleted_only_once_the_task_finishes()
    {
        using var tenant = await app.CreateTenantAsync();
        var workspace = await RoutingWorkspace.CreateAsync(tenant.Client);
        var busy = await workspace.QueueAsync("Busy");
        var other = await workspace.QueueAsync("Other");
        var workflow = await workspace.TargetsAsync(new { queue = busy });
        await workspace.WorkerAsync("Alice");
        var task = (await workspace.TaskAsync()).Sid();
        var reservation = (await tenant.Client.ReservationsAsync(workspace.Sid, $"Tasks/{task}", "pending")).Single().Sid();
        await tenant.Client.SetReservationAsync(workspace.Sid, task, reservation, ("ReservationStatus", "accepted"));
        await (await tenant.Client.PostAsync($"/v1/Workspaces/{workspace.Sid}/Workflows/{workflow}", Form.Of(("Configuration", TaskRouterClient.DefaultRouting(other)))))
            .ShouldBeAsync(HttpStatusCode.OK);

        var problem = await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{workspace.Sid}/TaskQueues/{busy}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Text("message").Should().Contain(task);
        await tenant.Client.GetJsonAsync($"/v1/Workspaces/{workspace.Sid}/TaskQueues/{busy}");

        await (await tenant.Client.PostAsync($"/v1/Workspaces/{workspace.Sid}/Tasks/{task}", Form.Of(("AssignmentStatus", "completed")))).ShouldBeAsync(HttpStatusCode.OK);
        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{workspace.Sid}/TaskQueues/{busy}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await tenant.Client.GetAsync($"/v1/Workspaces/{workspace.Sid}/TaskQueues/{busy}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_filters_by_friendly_name_and_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var sids = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            sids.Add((await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", name))).Sid());
        }

        var path = $"/v1/Workspaces/{ws}/TaskQueues";
        (await tenant.Client.ListSidsAsync($"{path}?FriendlyName=b", "task_queues")).Should().Equal(sids[1]);
        var first = await tenant.Client.GetJsonAsync($"{path}?PageSize=2");
        first.GetProperty("task_queues").EnumerateArray().Select(q => q.Sid()).Should().Equal(sids[0], sids[1]);
        first.GetProperty("meta").GetProperty("key").GetString().Should().Be("task_queues");
        (await tenant.Client.ListSidsAsync(new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery, "task_queues"))
            .Should().Equal(sids[2]);
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task List_filters_by_the_queues_a_worker_matches()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var everyone = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Everyone"));
        var french = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "French"), ("TargetWorkers", "languages HAS 'fr'"));
        await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Seniors"), ("TargetWorkers", "level >= 5"));
        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "amelie"), ("Attributes", """{"languages":["fr"],"level":2}"""));
        var path = $"/v1/Workspaces/{ws}/TaskQueues";

        (await tenant.Client.ListSidsAsync($"{path}?WorkerSid={worker.Sid()}", "task_queues")).Should().Equal(everyone.Sid(), french.Sid());
        var attributes = Uri.EscapeDataString("""{"languages":["de"],"level":9}""");
        (await tenant.Client.ListSidsAsync($"{path}?EvaluateWorkerAttributes={attributes}", "task_queues")).Should().HaveCount(2).And.NotContain(french.Sid());
    }

    [Fact]
    public async Task EvaluateWorkerAttributes_must_be_a_JSON_object()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/TaskQueues?EvaluateWorkerAttributes=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("EvaluateWorkerAttributes");
    }

    [Fact]
    public async Task Unknown_and_foreign_queues_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync();
        var queue = await owner.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Support"));
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync();

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/TaskQueues/WQ00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/TaskQueues/{queue.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/TaskQueues/{queue.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{strangersWs}/TaskQueues/{queue.Sid()}", Form.Of(("FriendlyName", "x")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/TaskQueues/{queue.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
