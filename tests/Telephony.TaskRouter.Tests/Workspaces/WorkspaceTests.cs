using System.Net;

namespace Telephony.TaskRouter.Tests.Workspaces;

public sealed class WorkspaceTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task A_new_workspace_has_Twilio_defaults_default_activities_and_the_five_task_channels()
    {
        using var tenant = await app.CreateTenantAsync();

        var workspace = await tenant.Client.CreateWorkspaceAsync("Support");

        workspace.Sid().Should().MatchRegex("^WS[0-9a-f]{32}$");
        workspace.Text("account_sid").Should().Be(tenant.AccountSid);
        workspace.Text("friendly_name").Should().Be("Support");
        workspace.GetProperty("multi_task_enabled").GetBoolean().Should().BeTrue();
        workspace.Text("prioritize_queue_order").Should().Be("FIFO");
        workspace.Text("default_activity_name").Should().Be("Offline");
        workspace.Text("timeout_activity_name").Should().Be("Offline");
        workspace.Text("date_created").Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        workspace.Text("url").Should().EndWith($"/v1/Workspaces/{workspace.Sid()}");
        workspace.GetProperty("links").GetProperty("workers").GetString().Should().EndWith($"/v1/Workspaces/{workspace.Sid()}/Workers");
        var activities = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{workspace.Sid()}/Activities")).GetProperty("activities");
        activities.EnumerateArray().Select(a => (a.Text("friendly_name"), a.GetProperty("available").GetBoolean()))
            .Should().Equal(("Offline", false), ("Available", true), ("Unavailable", false));
        var channels = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{workspace.Sid()}/TaskChannels")).GetProperty("channels");
        channels.EnumerateArray().Select(c => c.Text("unique_name")).Should().Equal("default", "voice", "chat", "sms", "video");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{workspace.Sid()}/TaskQueues", "task_queues")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_FIFO_template_adds_a_queue_for_every_worker_and_a_workflow_to_it()
    {
        using var tenant = await app.CreateTenantAsync();

        var workspaceSid = await tenant.Client.CreateWorkspaceSidAsync("Sales", template: "FIFO");

        var queue = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{workspaceSid}/TaskQueues")).GetProperty("task_queues").EnumerateArray().Single();
        queue.Text("target_workers").Should().Be("1==1");
        queue.Text("task_order").Should().Be("FIFO");
        var workflow = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{workspaceSid}/Workflows")).GetProperty("workflows").EnumerateArray().Single();
        workflow.Text("configuration").Should().Contain(queue.Sid());
        workflow.GetProperty("task_reservation_timeout").GetInt32().Should().Be(120);
    }

    [Fact]
    public async Task Create_takes_every_documented_field()
    {
        using var tenant = await app.CreateTenantAsync();

        var response = await tenant.Client.PostAsync("/v1/Workspaces", Form.Of(
            ("FriendlyName", "Ops"),
            ("EventCallbackUrl", "https://example.com/events"),
            ("EventsFilter", "task.created,task.canceled"),
            ("MultiTaskEnabled", "False"),
            ("PrioritizeQueueOrder", "LIFO")));

        var workspace = await response.ShouldBeAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().EndWith(workspace.Sid());
        workspace.Text("event_callback_url").Should().Be("https://example.com/events");
        workspace.Text("events_filter").Should().Be("task.created,task.canceled");
        workspace.GetProperty("multi_task_enabled").GetBoolean().Should().BeFalse();
        workspace.Text("prioritize_queue_order").Should().Be("LIFO");
    }

    [Fact]
    public async Task Fetch_update_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var sid = await tenant.Client.CreateWorkspaceSidAsync("Before");
        var available = await tenant.Client.ActivitySidAsync(sid, "Available");

        var updated = await (await tenant.Client.PostAsync($"/v1/Workspaces/{sid}", Form.Of(
            ("FriendlyName", "After"),
            ("DefaultActivitySid", available),
            ("TimeoutActivitySid", available),
            ("EventCallbackUrl", "https://example.com/cb")))).ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("friendly_name").Should().Be("After");
        updated.Text("default_activity_sid").Should().Be(available);
        updated.Text("default_activity_name").Should().Be("Available");
        updated.Text("timeout_activity_name").Should().Be("Available");
        var fetched = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{sid}");
        fetched.Text("friendly_name").Should().Be("After");
        fetched.Text("event_callback_url").Should().Be("https://example.com/cb");

        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{sid}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{sid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{sid}/Activities")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_workspace_deletes_everything_in_it()
    {
        using var tenant = await app.CreateTenantAsync();
        var sid = await tenant.Client.CreateWorkspaceSidAsync("Full", template: "FIFO");
        await tenant.Client.CreateAsync(sid, "Workers", ("FriendlyName", "alice"));
        await tenant.Client.CreateAsync(sid, "Tasks", ("Attributes", "{}"));

        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{sid}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await tenant.Client.ListSidsAsync("/v1/Workspaces", "workspaces")).Should().NotContain(sid);
    }

    [Fact]
    public async Task List_filters_by_friendly_name_and_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var sids = new List<string>();
        foreach (var name in new[] { "one", "two", "three" })
        {
            sids.Add(await tenant.Client.CreateWorkspaceSidAsync(name));
        }

        (await tenant.Client.ListSidsAsync("/v1/Workspaces?FriendlyName=two", "workspaces")).Should().Equal(sids[1]);
        var first = await tenant.Client.GetJsonAsync("/v1/Workspaces?PageSize=2");
        first.GetProperty("workspaces").EnumerateArray().Select(w => w.Sid()).Should().Equal(sids[0], sids[1]);
        first.GetProperty("meta").GetProperty("key").GetString().Should().Be("workspaces");
        var next = new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery;
        var second = await tenant.Client.GetJsonAsync(next);
        second.GetProperty("workspaces").EnumerateArray().Select(w => w.Sid()).Should().Equal(sids[2]);
        second.GetProperty("meta").GetProperty("next_page_url").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("Template", "LIFO")]
    [InlineData("PrioritizeQueueOrder", "RANDOM")]
    [InlineData("MultiTaskEnabled", "maybe")]
    [InlineData("EventCallbackUrl", "ftp://example.com/x")]
    public async Task A_bad_field_is_a_400_naming_it(string field, string value)
    {
        using var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.PostAsync("/v1/Workspaces", Form.Of(("FriendlyName", "x"), (field, value))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain(field);
    }

    [Fact]
    public async Task FriendlyName_is_required_and_bounded()
    {
        using var tenant = await app.CreateTenantAsync();

        (await (await tenant.Client.PostAsync("/v1/Workspaces", Form.Of(("EventsFilter", "x")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("FriendlyName");
        (await (await tenant.Client.PostAsync("/v1/Workspaces", Form.Of(("FriendlyName", new string('x', 65))))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("FriendlyName");
    }

    [Fact]
    public async Task Another_accounts_workspace_is_a_404_everywhere()
    {
        using var owner = await app.CreateTenantAsync("owner");
        using var stranger = await app.CreateTenantAsync("stranger");
        var sid = await owner.Client.CreateWorkspaceSidAsync("Private");

        await (await stranger.Client.GetAsync($"/v1/Workspaces/{sid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{sid}", Form.Of(("FriendlyName", "mine")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{sid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        foreach (var collection in new[] { "Activities", "Workers", "TaskQueues", "Workflows", "TaskChannels", "Tasks" })
        {
            await (await stranger.Client.GetAsync($"/v1/Workspaces/{sid}/{collection}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await stranger.Client.ListSidsAsync("/v1/Workspaces", "workspaces")).Should().BeEmpty();
        (await owner.Client.GetJsonAsync($"/v1/Workspaces/{sid}")).Text("friendly_name").Should().Be("Private");
    }

    [Fact]
    public async Task An_activity_of_another_workspace_cannot_be_the_default()
    {
        using var tenant = await app.CreateTenantAsync();
        var sid = await tenant.Client.CreateWorkspaceSidAsync("a");
        var other = await tenant.Client.CreateWorkspaceSidAsync("b");
        var foreign = await tenant.Client.ActivitySidAsync(other, "Available");

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{sid}", Form.Of(("DefaultActivitySid", foreign))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("DefaultActivitySid");
    }

    [Fact]
    public async Task Unknown_workspace_is_a_404()
    {
        using var tenant = await app.CreateTenantAsync();

        await (await tenant.Client.GetAsync("/v1/Workspaces/WS00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
