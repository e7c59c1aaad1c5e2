using System.Net;

namespace Telephony.TaskRouter.Tests.Tasks;

public sealed class ListTasksTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task List_filters_by_assignment_status_one_or_many()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        // The only worker is busy with the assigned task, so the later ones wait.
        var (assigned, _) = await tenant.Client.AssignedTaskAsync(ws);
        var pending = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var canceled = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{canceled.Sid()}", Form.Of(("AssignmentStatus", "canceled")))).ShouldBeAsync(HttpStatusCode.OK);
        var path = $"/v1/Workspaces/{ws}/Tasks";

        (await tenant.Client.ListSidsAsync($"{path}?AssignmentStatus=pending", "tasks")).Should().Equal(pending.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?AssignmentStatus=canceled&AssignmentStatus=assigned", "tasks")).Should().Equal(assigned, canceled.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?AssignmentStatus=pending,assigned", "tasks")).Should().Equal(assigned, pending.Sid());
        (await (await tenant.Client.GetAsync($"{path}?AssignmentStatus=finished")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("AssignmentStatus");
    }

    [Fact]
    public async Task List_filters_by_workflow_sid_or_name_and_by_priority()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Single();
        var fifo = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();
        var vip = await tenant.Client.CreateAsync(ws, "Workflows", ("FriendlyName", "VIP"), ("Configuration", TaskRouterClient.DefaultRouting(queue)));
        var ordinary = await tenant.Client.CreateAsync(ws, "Tasks", ("WorkflowSid", fifo));
        var special = await tenant.Client.CreateAsync(ws, "Tasks", ("WorkflowSid", vip.Sid()), ("Priority", "5"));
        var path = $"/v1/Workspaces/{ws}/Tasks";

        (await tenant.Client.ListSidsAsync($"{path}?WorkflowSid={fifo}", "tasks")).Should().Equal(ordinary.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?WorkflowName=VIP", "tasks")).Should().Equal(special.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Priority=5", "tasks")).Should().Equal(special.Sid());
    }

    [Fact]
    public async Task List_filters_by_the_queue_a_task_is_in()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskQueues?FriendlyName={Uri.EscapeDataString("Sample Queue")}");
        var queueSid = queue.GetProperty("task_queues")[0].Sid();
        var workflow = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workflows")).GetProperty("workflows")[0].Sid();
        var supportOnly = System.Text.Json.JsonSerializer.Serialize(new
        {
            task_routing = new { filters = new[] { new { expression = "type == 'support'", targets = new[] { new { queue = queueSid } } } } },
        });
        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows/{workflow}", Form.Of(("Configuration", supportOnly)))).ShouldBeAsync(HttpStatusCode.OK);
        var queued = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"type":"support"}"""));
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"type":"sales"}"""));
        var path = $"/v1/Workspaces/{ws}/Tasks";

        (await tenant.Client.ListSidsAsync($"{path}?TaskQueueSid={queueSid}", "tasks")).Should().Equal(queued.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?TaskQueueName={Uri.EscapeDataString("Sample Queue")}", "tasks")).Should().Equal(queued.Sid());
        var fetched = await tenant.Client.GetJsonAsync($"{path}/{queued.Sid()}");
        fetched.Text("task_queue_friendly_name").Should().Be("Sample Queue");
        fetched.Text("task_queue_entered_date").Should().NotBeNullOrEmpty();
        fetched.GetProperty("links").GetProperty("task_queue").GetString().Should().EndWith(queueSid);
    }

    [Fact]
    public async Task Ordering_sorts_by_priority_or_date_and_pages_in_that_order()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var sids = new List<string>();
        foreach (var priority in new[] { 1, 3, 2, 3 })
        {
            sids.Add((await tenant.Client.CreateAsync(ws, "Tasks", ("Priority", priority.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Sid());
        }

        var path = $"/v1/Workspaces/{ws}/Tasks";
        (await tenant.Client.ListSidsAsync($"{path}?Ordering=DateCreated:desc", "tasks")).Should().Equal(sids[3], sids[2], sids[1], sids[0]);
        (await tenant.Client.ListSidsAsync($"{path}?Ordering=Priority:desc,DateCreated:asc", "tasks")).Should().Equal(sids[1], sids[3], sids[2], sids[0]);
        var first = await tenant.Client.GetJsonAsync($"{path}?Ordering=Priority:asc&PageSize=3");
        first.GetProperty("tasks").EnumerateArray().Select(t => t.Sid()).Should().Equal(sids[0], sids[2], sids[1]);
        var next = new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery;
        next.Should().Contain("Ordering=");
        (await tenant.Client.ListSidsAsync(next, "tasks")).Should().Equal(sids[3]);
    }

    [Theory]
    [InlineData("Age:asc")]
    [InlineData("Priority:up")]
    [InlineData("Priority:asc,Priority:desc")]
    public async Task A_bad_ordering_is_a_400(string ordering)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        (await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks?Ordering={ordering}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("Ordering");
    }

    [Fact]
    public async Task List_pages_in_creation_order_by_default()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var sids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sids.Add((await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid());
        }

        var seen = new List<string>();
        var next = $"/v1/Workspaces/{ws}/Tasks?PageSize=2";
        while (next is not null)
        {
            var page = await tenant.Client.GetJsonAsync(next);
            seen.AddRange(page.GetProperty("tasks").EnumerateArray().Select(t => t.Sid()));
            next = page.GetProperty("meta").GetProperty("next_page_url").GetString() is { } url ? new Uri(url).PathAndQuery : null;
        }

        seen.Should().Equal(sids);
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task List_filters_by_an_expression_over_task_attributes()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var french = await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"language":"fr","value":10}"""));
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"language":"en","value":50}"""));

        var path = $"/v1/Workspaces/{ws}/Tasks?EvaluateTaskAttributes={Uri.EscapeDataString("language == 'fr'")}";

        (await tenant.Client.ListSidsAsync(path, "tasks")).Should().Equal(french.Sid());
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task A_bad_task_attributes_expression_is_a_400_naming_the_field()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        (await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks?EvaluateTaskAttributes={Uri.EscapeDataString("language == (")}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("EvaluateTaskAttributes");
    }
}
