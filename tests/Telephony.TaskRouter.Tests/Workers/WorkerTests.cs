using System.Net;

namespace Telephony.TaskRouter.Tests.Workers;

public sealed class WorkerTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task A_new_worker_starts_in_the_default_activity_with_empty_attributes()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));

        worker.Sid().Should().MatchRegex("^WK[0-9a-f]{32}$");
        worker.Text("activity_name").Should().Be("Offline");
        worker.GetProperty("available").GetBoolean().Should().BeFalse();
        worker.Text("attributes").Should().Be("{}");
        worker.Text("date_status_changed").Should().NotBeNullOrEmpty();
        worker.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}");
        worker.GetProperty("links").GetProperty("channels").GetString().Should().EndWith($"/Workers/{worker.Sid()}/Channels");
    }

    [Fact]
    public async Task Create_with_activity_and_attributes_then_fetch_update_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var available = await tenant.Client.ActivitySidAsync(ws, "Available");
        var offline = await tenant.Client.ActivitySidAsync(ws, "Offline");

        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "bob"), ("ActivitySid", available), ("Attributes", """{"skills":["en"]}"""));
        worker.GetProperty("available").GetBoolean().Should().BeTrue();
        worker.Text("attributes").Should().Be("""{"skills":["en"]}""");

        var updated = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}", Form.Of(
            ("FriendlyName", "robert"), ("ActivitySid", offline), ("Attributes", """{"skills":["fr"]}""")))).ShouldBeAsync(HttpStatusCode.OK);

        updated.Text("friendly_name").Should().Be("robert");
        updated.Text("activity_name").Should().Be("Offline");
        updated.GetProperty("available").GetBoolean().Should().BeFalse();
        var fetched = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}");
        fetched.Text("attributes").Should().Be("""{"skills":["fr"]}""");
        fetched.Text("activity_sid").Should().Be(offline);
        (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}/Channels")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Friendly_names_are_unique_in_a_workspace()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));
        var bob = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "bob"));

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "alice")))).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .Text("message").Should().Contain("alice");
        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers/{bob.Sid()}", Form.Of(("FriendlyName", "alice")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var other = await tenant.Client.CreateWorkspaceSidAsync("other");
        await tenant.Client.CreateAsync(other, "Workers", ("FriendlyName", "alice"));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_one_worker()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "racer")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.Created).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workers?FriendlyName=racer", "workers")).Should().ContainSingle();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task Attributes_must_be_a_JSON_object(string attributes)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "x"), ("Attributes", attributes))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("Attributes");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workers", "workers")).Should().BeEmpty();
    }

    [Fact]
    public async Task Attributes_are_at_most_4096_characters()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var fits = $$"""{"a":"{{new string('x', 4096 - 8)}}"}""";
        var tooLong = $$"""{"a":"{{new string('x', 4096 - 7)}}"}""";

        var worker = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "fits"), ("Attributes", fits));
        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}", Form.Of(("Attributes", tooLong))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("Attributes");
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}")).Text("attributes").Should().Be(fits);
    }

    [Fact]
    public async Task An_activity_of_another_workspace_is_a_400_on_ActivitySid()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var other = await tenant.Client.CreateWorkspaceSidAsync("other");
        var foreign = await tenant.Client.ActivitySidAsync(other, "Available");

        var problem = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "x"), ("ActivitySid", foreign))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("ActivitySid");
    }

    [Fact]
    public async Task List_filters_by_activity_availability_and_name_and_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var available = await tenant.Client.ActivitySidAsync(ws, "Available");
        var alice = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"), ("ActivitySid", available));
        var bob = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "bob"));
        var carol = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "carol"), ("ActivitySid", available));
        var path = $"/v1/Workspaces/{ws}/Workers";

        (await tenant.Client.ListSidsAsync($"{path}?ActivityName=Available", "workers")).Should().Equal(alice.Sid(), carol.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?ActivitySid={available}", "workers")).Should().Equal(alice.Sid(), carol.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Available=false", "workers")).Should().Equal(bob.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Available=true&FriendlyName=carol", "workers")).Should().Equal(carol.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Available=1", "workers")).Should().Equal(alice.Sid(), carol.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Available=yes", "workers")).Should().Equal(alice.Sid(), carol.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?Available=no", "workers")).Should().Equal(bob.Sid());
        var first = await tenant.Client.GetJsonAsync($"{path}?PageSize=2");
        first.GetProperty("workers").EnumerateArray().Select(w => w.Sid()).Should().Equal(alice.Sid(), bob.Sid());
        var next = new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery;
        (await tenant.Client.ListSidsAsync(next, "workers")).Should().Equal(carol.Sid());
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task List_filters_by_a_target_workers_expression_and_by_a_queues_targets()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var english = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "en"), ("Attributes", """{"languages":["en"],"level":3}"""));
        var french = await tenant.Client.CreateAsync(ws, "Workers", ("FriendlyName", "fr"), ("Attributes", """{"languages":["fr"],"level":1}"""));
        var queue = await tenant.Client.CreateAsync(ws, "TaskQueues", ("FriendlyName", "French"), ("TargetWorkers", "languages HAS 'fr'"));
        var path = $"/v1/Workspaces/{ws}/Workers";

        (await tenant.Client.ListSidsAsync($"{path}?TargetWorkersExpression={Uri.EscapeDataString("level > 2")}", "workers")).Should().Equal(english.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?TaskQueueSid={queue.Sid()}", "workers")).Should().Equal(french.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?TaskQueueName=French", "workers")).Should().Equal(french.Sid());
        (await tenant.Client.ListSidsAsync($"{path}?TaskQueueName=NoSuchQueue", "workers")).Should().BeEmpty();
    }

    [Fact]
    [Trait("Needs", "Expressions")]
    public async Task A_bad_target_workers_expression_is_a_400_naming_the_field()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Workers?TargetWorkersExpression={Uri.EscapeDataString("languages HAS (")}"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().Contain("TargetWorkersExpression");
    }

    [Fact]
    public async Task Unknown_and_foreign_workers_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync();
        var worker = await owner.Client.CreateAsync(ws, "Workers", ("FriendlyName", "alice"));
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync();

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/WK00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Workers/{worker.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/Workers/{worker.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{strangersWs}/Workers/{worker.Sid()}", Form.Of(("FriendlyName", "x")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/Workers/{worker.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "intruder")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
