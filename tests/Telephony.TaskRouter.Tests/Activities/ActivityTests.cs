using System.Net;

namespace Telephony.TaskRouter.Tests.Activities;

public sealed class ActivityTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Create_fetch_rename_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var created = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Lunch"), ("Available", "false"));

        created.Sid().Should().MatchRegex("^WA[0-9a-f]{32}$");
        created.GetProperty("available").GetBoolean().Should().BeFalse();
        created.Text("workspace_sid").Should().Be(ws);
        created.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/Activities/{created.Sid()}");
        created.GetProperty("links").GetProperty("workspace").GetString().Should().EndWith($"/v1/Workspaces/{ws}");
        var renamed = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities/{created.Sid()}", Form.Of(("FriendlyName", "Break"))))
            .ShouldBeAsync(HttpStatusCode.OK);
        renamed.Text("friendly_name").Should().Be("Break");
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities/{created.Sid()}")).Text("friendly_name").Should().Be("Break");
        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Activities/{created.Sid()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Activities/{created.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Available_defaults_to_false_and_accepts_the_SDKs_True()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        (await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Away"))).GetProperty("available").GetBoolean().Should().BeFalse();
        (await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Ready"), ("Available", "True"))).GetProperty("available").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task List_filters_by_friendly_name_and_availability_and_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var ready = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Ready"), ("Available", "true"));

        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Activities?FriendlyName=Ready", "activities")).Should().Equal(ready.Sid());
        var available = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities?Available=true");
        available.GetProperty("activities").EnumerateArray().Select(a => a.Text("friendly_name")).Should().Equal("Available", "Ready");
        var unavailable = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities?Available=false");
        unavailable.GetProperty("activities").EnumerateArray().Select(a => a.Text("friendly_name")).Should().Equal("Offline", "Unavailable");
        var page = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities?PageSize=3");
        page.GetProperty("activities").GetArrayLength().Should().Be(3);
        var next = new Uri(page.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery;
        (await tenant.Client.ListSidsAsync(next, "activities")).Should().Equal(ready.Sid());

        // Twilio reads true, 1 and yes as available and any other value as unavailable.
        foreach (var yes in new[] { "1", "yes", "YES", "True" })
        {
            (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Activities?Available={yes}&FriendlyName=Ready", "activities")).Should().Equal(ready.Sid());
        }

        var sometimes = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities?Available=sometimes");
        sometimes.GetProperty("activities").EnumerateArray().Select(a => a.Text("friendly_name")).Should().Equal("Offline", "Unavailable");
    }

    [Fact]
    public async Task An_activity_a_worker_is_in_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var busy = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Busy"));
        await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"), ("ActivitySid", busy.Sid()));

        var problem = await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Activities/{busy.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.Text("message").Should().Contain("in use").And.Contain("worker");
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Activities/{busy.Sid()}")).Sid().Should().Be(busy.Sid());
    }

    [Fact]
    public async Task The_workspaces_default_activity_and_a_queues_activities_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var offline = await tenant.Client.ActivitySidAsync(ws, "Offline");
        var reserved = await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", "Reserved"));
        await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "q"), ("ReservationActivitySid", reserved.Sid()));

        (await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Activities/{offline}")).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .Text("message").Should().Contain("default");
        (await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Activities/{reserved.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .Text("message").Should().Contain("task queue");
    }

    [Fact]
    public async Task Names_are_unique_in_a_workspace()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities", Form.Of(("FriendlyName", "Offline"))))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.Text("message").Should().Contain("Offline");
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities", Form.Of(("FriendlyName", "x"), ("Available", "perhaps"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("Available");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities", Form.Of(("Available", "true"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("FriendlyName");
    }

    [Fact]
    public async Task A_workspace_holds_at_most_100_activities()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        for (var i = 3; i < 100; i++)
        {
            await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", $"a{i}"));
        }

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities", Form.Of(("FriendlyName", "one too many"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("100");
    }

    [Fact]
    public async Task Unknown_and_foreign_activities_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync();
        var offline = await owner.Client.ActivitySidAsync(ws, "Offline");
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync();

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/Activities/WA00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Activities/{offline}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/Activities/{offline}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/Activities/{offline}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{ws}/Activities/{offline}", Form.Of(("FriendlyName", "x")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
