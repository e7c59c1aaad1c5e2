using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Tasks;

public sealed class TaskTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task A_new_task_is_pending_with_Twilios_defaults_and_an_ETag()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var workflow = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();

        var response = await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", """{"type":"support"}""")));

        var task = await response.ShouldBeAsync(HttpStatusCode.Created);
        response.Headers.ETag.Should().NotBeNull();
        task.Sid().Should().MatchRegex("^WT[0-9a-f]{32}$");
        task.Text("assignment_status").Should().Be("pending");
        task.Text("attributes").Should().Be("""{"type":"support"}""");
        task.GetProperty("priority").GetInt32().Should().Be(0);
        task.GetProperty("timeout").GetInt32().Should().Be(86400);
        task.GetProperty("age").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        task.Text("workflow_sid").Should().Be(workflow);
        task.Text("workflow_friendly_name").Should().Be("Default Fifo Workflow");
        task.Text("task_channel_unique_name").Should().Be("default");
        task.GetProperty("reason").ValueKind.Should().Be(JsonValueKind.Null);
        task.GetProperty("routing_target").ValueKind.Should().Be(JsonValueKind.Null);
        task.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}");
        task.GetProperty("links").GetProperty("workflow").GetString().Should().EndWith($"/Workflows/{workflow}");
    }

    [Fact]
    public async Task A_post_without_a_body_creates_a_task_with_the_defaults_as_Twilio_does()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");

        var task = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", content: null)).ShouldBeAsync(HttpStatusCode.Created);

        task.Text("attributes").Should().Be("{}");
        task.Text("assignment_status").Should().Be("pending");
    }

    [Fact]
    public async Task Create_with_every_field_then_fetch()
    {
        using var tenant = await app.CreateTenantAsync();
        var (ws, workflow) = await WorkspaceWithTwoWorkflowsAsync(tenant);
        var chat = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskChannels/chat");

        var task = await tenant.Client.CreateAsync(ws, "Tasks",
            ("Attributes", """{"language":"fr"}"""),
            ("WorkflowSid", workflow),
            ("Priority", "2147483647"),
            ("Timeout", "1209600"),
            ("TaskChannel", chat.Sid()));

        var fetched = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}");
        fetched.GetProperty("priority").GetInt32().Should().Be(int.MaxValue);
        fetched.GetProperty("timeout").GetInt32().Should().Be(1209600);
        fetched.Text("task_channel_sid").Should().Be(chat.Sid());
        fetched.Text("task_channel_unique_name").Should().Be("chat");
        fetched.Text("workflow_sid").Should().Be(workflow);
    }

    [Fact]
    public async Task WorkflowSid_is_required_unless_the_workspace_has_exactly_one()
    {
        using var tenant = await app.CreateTenantAsync();
        var empty = await tenant.Client.CreateWorkspaceSidAsync();
        var (ws, _) = await WorkspaceWithTwoWorkflowsAsync(tenant);

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{empty}/Tasks", Form.Of(("Attributes", "{}")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("WorkflowSid");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", "{}")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("WorkflowSid");
    }

    [Theory]
    [InlineData("Attributes", "not json")]
    [InlineData("Attributes", "[]")]
    [InlineData("Priority", "-1")]
    [InlineData("Priority", "2147483648")]
    [InlineData("Timeout", "0")]
    [InlineData("Timeout", "1209601")]
    [InlineData("TaskChannel", "fax")]
    [InlineData("WorkflowSid", "WW00000000000000000000000000000000")]
    public async Task A_bad_field_is_a_400_naming_it(string field, string value)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of((field, value)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain(field);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks", "tasks")).Should().BeEmpty();
    }

    [Fact]
    public async Task Attributes_over_4096_characters_are_refused()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", $$"""{"a":"{{new string('x', 4096)}}"}"""))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("Attributes");
    }

    [Fact]
    public async Task Update_attributes_and_priority()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"a":1}"""));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";

        var updated = await (await tenant.Client.PostAsync(path, Form.Of(("Attributes", """{"a":2}"""), ("Priority", "7"), ("TaskChannel", "sms"))))
            .ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("attributes").Should().Be("""{"a":2}""");
        updated.GetProperty("priority").GetInt32().Should().Be(7);
        var fetched = await tenant.Client.GetJsonAsync(path);
        fetched.Text("attributes").Should().Be("""{"a":2}""");
        fetched.Text("task_channel_unique_name").Should().Be("sms");
    }

    [Fact]
    public async Task A_pending_task_can_be_canceled_with_a_reason_and_then_cannot_change()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";

        var canceled = await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "canceled"), ("Reason", "caller hung up")))).ShouldBeAsync(HttpStatusCode.OK);

        canceled.Text("assignment_status").Should().Be("canceled");
        canceled.Text("reason").Should().Be("caller hung up");
        var problem = await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "completed")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Text("message").Should().Contain("canceled");
        await (await tenant.Client.PostAsync(path, Form.Of(("Attributes", "{}")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("wrapping")]
    [InlineData("assigned")]
    [InlineData("reserved")]
    public async Task Illegal_moves_from_pending_are_409s_naming_the_current_state(string status)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";

        var problem = await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", status)))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.Text("message").Should().Contain("is pending").And.Contain("canceled");
        (await tenant.Client.GetJsonAsync(path)).Text("assignment_status").Should().Be("pending");
    }

    [Fact]
    public async Task An_unknown_status_is_a_400()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}", Form.Of(("AssignmentStatus", "done")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("AssignmentStatus");
    }

    [Fact]
    public async Task An_assigned_task_wraps_up_and_completes()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var (task, _) = await tenant.Client.AssignedTaskAsync(ws);
        var path = $"/v1/Workspaces/{ws}/Tasks/{task}";

        await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "canceled")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "wrapping")))).ShouldBeAsync(HttpStatusCode.OK)).Text("assignment_status").Should().Be("wrapping");
        var completed = await (await tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "completed"), ("Reason", "resolved")))).ShouldBeAsync(HttpStatusCode.OK);
        completed.Text("assignment_status").Should().Be("completed");
        completed.Text("reason").Should().Be("resolved");
    }

    [Fact]
    public async Task If_Match_applies_a_change_only_to_the_version_it_names()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"v":1}"""));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";
        var etag = (await tenant.Client.GetAsync(path)).Headers.ETag!.Tag;

        var first = await tenant.Client.SendAsync(WithIfMatch(HttpMethod.Post, path, etag, ("Attributes", """{"v":2}""")));
        await first.ShouldBeAsync(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.Should().NotBe(etag);
        var stale = await tenant.Client.SendAsync(WithIfMatch(HttpMethod.Post, path, etag, ("Attributes", """{"v":3}""")));
        var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        problem.Text("message").Should().Contain("ETag");
        (await tenant.Client.GetJsonAsync(path)).Text("attributes").Should().Be("""{"v":2}""");
        await (await tenant.Client.SendAsync(WithIfMatch(HttpMethod.Delete, path, etag))).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = (await tenant.Client.GetAsync(path)).Headers.ETag!.Tag;
        (await tenant.Client.SendAsync(WithIfMatch(HttpMethod.Delete, path, current))).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Of_concurrent_updates_carrying_one_ETag_exactly_one_wins()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";
        var etag = (await tenant.Client.GetAsync(path)).Headers.ETag!.Tag;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            tenant.Client.SendAsync(WithIfMatch(HttpMethod.Post, path, etag, ("Priority", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Of_concurrent_cancels_one_succeeds_and_the_rest_are_409s()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var path = $"/v1/Workspaces/{ws}/Tasks/{task.Sid()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            tenant.Client.PostAsync(path, Form.Of(("AssignmentStatus", "canceled"), ("Reason", $"r{i}")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_removes_the_task()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));

        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_and_foreign_tasks_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = await owner.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync(template: "FIFO");

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks/WT00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks/{task.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/Tasks/{task.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{strangersWs}/Tasks/{task.Sid()}", Form.Of(("Priority", "1")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/Tasks/{task.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", "{}")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<(string Workspace, string SecondWorkflow)> WorkspaceWithTwoWorkflowsAsync(Tenant tenant)
    {
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Single();
        var workflow = await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "second"), ("Configuration", TaskRouterClient.DefaultRouting(queue)));
        return (ws, workflow.Sid());
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string path, string etag, params (string Key, string Value)[] fields)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (fields.Length > 0)
        {
            request.Content = Form.Of(fields);
        }

        return request;
    }
}
