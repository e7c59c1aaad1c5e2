using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Workflows;

public sealed class WorkflowTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Create_fetch_update_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "Support"));
        var configuration = TaskRouterClient.DefaultRouting(queue.Sid());

        var workflow = await tenant.Client.CreateAsync(ws, "Workflows",
            ("FriendlyName", "Route"),
            ("Configuration", configuration),
            ("AssignmentCallbackUrl", "https://example.com/assign"),
            ("FallbackAssignmentCallbackUrl", "https://example.com/fallback"));

        workflow.Sid().Should().MatchRegex("^WW[0-9a-f]{32}$");
        workflow.Text("configuration").Should().Be(configuration);
        workflow.Text("document_content_type").Should().Be("application/json");
        workflow.GetProperty("task_reservation_timeout").GetInt32().Should().Be(120);
        workflow.Text("assignment_callback_url").Should().Be("https://example.com/assign");
        workflow.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/Workflows/{workflow.Sid()}");
        var path = $"/v1/Workspaces/{ws}/Workflows/{workflow.Sid()}";
        var updated = await (await tenant.Client.PostAsync(path, Form.Of(("FriendlyName", "Route 2"), ("TaskReservationTimeout", "86400"), ("AssignmentCallbackUrl", ""))))
            .ShouldBeAsync(HttpStatusCode.OK);
        updated.Text("friendly_name").Should().Be("Route 2");
        updated.GetProperty("task_reservation_timeout").GetInt32().Should().Be(86400);
        updated.GetProperty("assignment_callback_url").ValueKind.Should().Be(JsonValueKind.Null);
        (await tenant.Client.GetJsonAsync(path)).Text("fallback_assignment_callback_url").Should().Be("https://example.com/fallback");
        (await tenant.Client.DeleteAsync(path)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_full_configuration_with_every_target_key_is_accepted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var first = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "first"));
        var second = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "second"));
        var configuration = JsonSerializer.Serialize(new
        {
            task_routing = new
            {
                filters = new object[]
                {
                    new
                    {
                        filter_friendly_name = "VIP",
                        expression = "customer_value == 'Gold'",
                        targets = new object[]
                        {
                            new
                            {
                                queue = first.Sid(),
                                priority = 10,
                                timeout = 30,
                                expression = "task.language IN worker.languages",
                                order_by = "worker.level DESC",
                                skip_if = "workers.available == 0",
                                known_worker_sid = "task.preferred_worker",
                            },
                            new { queue = second.Sid(), known_worker_friendly_name = "task.agent" },
                        },
                    },
                },
                default_filter = new { queue = second.Sid() },
            },
        });

        var workflow = await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "VIP"), ("Configuration", configuration));

        workflow.Text("configuration").Should().Be(configuration);
    }

    [Fact]
    public async Task Every_error_in_a_configuration_is_named_by_its_path()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"));
        var configuration = JsonSerializer.Serialize(new
        {
            task_routing = new
            {
                filters = new object[]
                {
                    new { expression = "1==1", targets = new object[] { new { queue = queue.Sid() } } },
                    new { expression = "1==1", targets = Array.Empty<object>() },
                    new { expression = "1==1", targets = new object[] { new { queue = "WQ00000000000000000000000000000000", priority = -1, colour = "red" } } },
                    new { targets = new object[] { new { queue = queue.Sid(), timeout = "soon" } } },
                },
                default_filter = new { },
            },
        });

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows", Form.Of(("FriendlyName", "w"), ("Configuration", configuration))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty("Configuration").EnumerateArray().Select(e => e.GetString()).ToList();
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[1].targets:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[2].targets[0].queue:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[2].targets[0].priority:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[2].targets[0].colour:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[3].expression:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.filters[3].targets[0].timeout:", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("task_routing.default_filter.queue:", StringComparison.Ordinal));
        errors.Should().NotContain(e => e!.StartsWith("task_routing.filters[0]", StringComparison.Ordinal));
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("[]", "$")]
    [InlineData("{}", "task_routing")]
    [InlineData("""{"task_routing":{"filters":{}}}""", "task_routing.filters")]
    [InlineData("""{"task_routing":{"filters":["x"]}}""", "task_routing.filters[0]")]
    public async Task A_configuration_of_the_wrong_shape_is_a_400_naming_the_path(string configuration, string path)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows", Form.Of(("FriendlyName", "w"), ("Configuration", configuration))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain($"Configuration: {path}:");
    }

    [Fact]
    public async Task A_queue_of_another_workspace_is_refused()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var other = await tenant.Client.CreateWorkspaceSidAsync("other");
        var foreign = await tenant.Client.CreateAsync(other, "TaskQueues", ("FriendlyName", "q"));

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows", Form.Of(("FriendlyName", "w"), ("Configuration", TaskRouterClient.DefaultRouting(foreign.Sid())))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("task_routing.default_filter.queue").And.Contain(foreign.Sid());
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task A_bad_expression_is_named_by_its_path()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"));
        var target = new { queue = queue.Sid() };
        var configuration = JsonSerializer.Serialize(new
        {
            task_routing = new
            {
                filters = new object[]
                {
                    new { expression = "1==1", targets = new object[] { target } },
                    new { expression = "1==1", targets = new object[] { target } },
                    new { expression = "1==1", targets = new object[] { new { queue = queue.Sid(), expression = "worker.languages HAS (" }, target } },
                    new { expression = "type == 'x'", targets = new object[] { new { queue = queue.Sid(), order_by = "worker.level SIDEWAYS", skip_if = "((" } } },
                },
            },
        });

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows", Form.Of(("FriendlyName", "w"), ("Configuration", configuration))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty("Configuration").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.Should().Contain(e => e.StartsWith("task_routing.filters[2].targets[0].expression:", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("task_routing.filters[3].targets[0].order_by:", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("task_routing.filters[3].targets[0].skip_if:", StringComparison.Ordinal));
        errors.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("TaskReservationTimeout", "0")]
    [InlineData("TaskReservationTimeout", "86401")]
    [InlineData("TaskReservationTimeout", "soon")]
    [InlineData("AssignmentCallbackUrl", "not a url")]
    [InlineData("FallbackAssignmentCallbackUrl", "mailto:ops@example.com")]
    public async Task A_bad_field_is_a_400_naming_it(string field, string value)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"));

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows", Form.Of(
            ("FriendlyName", "w"), ("Configuration", TaskRouterClient.DefaultRouting(queue.Sid())), (field, value))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain(field);
    }

    [Fact]
    public async Task An_update_with_a_bad_configuration_changes_nothing()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"));
        var good = TaskRouterClient.DefaultRouting(queue.Sid());
        var workflow = await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "w"), ("Configuration", good));
        var path = $"/v1/Workspaces/{ws}/Workflows/{workflow.Sid()}";

        await (await tenant.Client.PostAsync(path, Form.Of(("FriendlyName", "renamed"), ("Configuration", "{}")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var fetched = await tenant.Client.GetJsonAsync(path);
        fetched.Text("configuration").Should().Be(good);
        fetched.Text("friendly_name").Should().Be("w");
    }

    [Fact]
    public async Task A_workflow_routing_an_active_task_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));

        await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Workflows/{task.Text("workflow_sid")}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_filters_by_friendly_name_and_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"));
        var sids = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            sids.Add((await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", name), ("Configuration", TaskRouterClient.DefaultRouting(queue.Sid())))).Sid());
        }

        var path = $"/v1/Workspaces/{ws}/Workflows";
        (await tenant.Client.ListSidsAsync($"{path}?FriendlyName=c", "workflows")).Should().Equal(sids[2]);
        var first = await tenant.Client.GetJsonAsync($"{path}?PageSize=2");
        first.GetProperty("workflows").EnumerateArray().Select(w => w.Sid()).Should().Equal(sids[0], sids[1]);
        (await tenant.Client.ListSidsAsync(new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery, "workflows"))
            .Should().Equal(sids[2]);
    }

    [Fact]
    public async Task Unknown_and_foreign_workflows_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var workflow = (await owner.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync();

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/Workflows/WW00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Workflows/{workflow}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/Workflows/{workflow}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{strangersWs}/Workflows/{workflow}", Form.Of(("FriendlyName", "x")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/Workflows/{workflow}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
