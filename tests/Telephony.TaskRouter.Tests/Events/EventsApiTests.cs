using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Events;

public sealed class EventsApiTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Events_list_newest_first_in_Twilios_wire_format_and_fetch_one_by_one()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var (task, _) = await tenant.Client.AssignedTaskAsync(ws);

        var page = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Events");

        var events = page.GetProperty("events").EnumerateArray().ToList();
        page.GetProperty("meta").Text("key").Should().Be("events");
        events.Select(e => e.Text("event_type")).Should().Contain(["task.created", "reservation.created", "reservation.accepted"]);
        var dates = events.Select(e => e.GetProperty("event_date_ms").GetInt64()).ToList();
        dates.Should().BeInDescendingOrder("Twilio lists events newest first");
        var types = events.Select(e => e.Text("event_type")).ToList();
        types.IndexOf("reservation.accepted").Should().BeLessThan(types.IndexOf("reservation.created")).And.BeLessThan(types.IndexOf("task.created"));

        var created = events.Single(e => e.Text("event_type") == "task.created");
        created.Sid().Should().MatchRegex("^EV[0-9a-f]{32}$");
        created.Text("account_sid").Should().Be(tenant.AccountSid);
        created.Text("workspace_sid").Should().Be(ws);
        created.Text("resource_sid").Should().Be(task);
        created.Text("resource_type").Should().Be("task");
        created.Text("resource_url").Should().EndWith($"/v1/Workspaces/{ws}/Tasks/{task}");
        created.Text("source").Should().Be("twilio");
        created.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/Events/{created.Sid()}");
        created.GetProperty("links").GetProperty("workspace").GetString().Should().EndWith($"/v1/Workspaces/{ws}");
        created.GetProperty("actor_sid").ValueKind.Should().Be(JsonValueKind.Null);
        DateTimeOffset.Parse(created.Text("event_date"), CultureInfo.InvariantCulture).ToUnixTimeSeconds()
            .Should().Be(created.GetProperty("event_date_ms").GetInt64() / 1000);
        var data = created.GetProperty("event_data");
        data.ValueKind.Should().Be(JsonValueKind.Object);
        data.Text("task_sid").Should().Be(task);
        data.Text("task_attributes").Should().Be("{}");

        var fetched = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Events/{created.Sid()}");
        fetched.GetRawText().Should().Be(created.GetRawText());
    }

    [Fact]
    public async Task Another_accounts_events_and_workspace_are_404()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await owner.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var eventSid = (await owner.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Events", "events")).First();

        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Events")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/Events/{eventSid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var otherWs = await stranger.Client.CreateWorkspaceSidAsync();
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{otherWs}/Events/{eventSid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_filter_returns_only_the_events_it_names()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var (task, reservation) = await tenant.Client.AssignedTaskAsync(ws);
        var other = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"other":true}"""))).Sid();
        var all = await EventsAsync(tenant.Client, ws, string.Empty);
        var assigned = all.Single(e => e.Text("event_type") == "reservation.accepted");
        var worker = assigned.GetProperty("event_data").Text("worker_sid");
        var queue = all.First(e => e.Text("event_type") == "task-queue.entered").Text("resource_sid");
        var workflow = all.First(e => e.Text("event_type") == "workflow.entered").Text("resource_sid");

        (await EventsAsync(tenant.Client, ws, "EventType=task.created")).Select(e => e.Text("resource_sid")).Should().BeEquivalentTo([task, other]);
        (await EventsAsync(tenant.Client, ws, $"ResourceSid={reservation}")).Should().OnlyContain(e => e.Text("resource_sid") == reservation).And.HaveCountGreaterThanOrEqualTo(2);
        (await EventsAsync(tenant.Client, ws, $"TaskSid={other}")).Should().NotBeEmpty().And.OnlyContain(e => e.GetProperty("event_data").Text("task_sid") == other);
        (await EventsAsync(tenant.Client, ws, $"ReservationSid={reservation}")).Select(e => e.Text("event_type")).Should().Contain(["reservation.created", "reservation.accepted"]);
        (await EventsAsync(tenant.Client, ws, $"WorkerSid={worker}")).Should().NotBeEmpty().And.OnlyContain(e => e.GetProperty("event_data").Text("worker_sid") == worker);
        (await EventsAsync(tenant.Client, ws, $"TaskQueueSid={queue}")).Should().Contain(e => e.Text("event_type") == "task-queue.entered")
            .And.OnlyContain(e => e.GetProperty("event_data").Text("task_queue_sid") == queue);
        (await EventsAsync(tenant.Client, ws, $"WorkflowSid={workflow}")).Should().Contain(e => e.Text("event_type") == "workflow.entered")
            .And.OnlyContain(e => e.GetProperty("event_data").Text("workflow_sid") == workflow);
        (await EventsAsync(tenant.Client, ws, $"Sid={assigned.Sid()}")).Should().ContainSingle().Which.Sid().Should().Be(assigned.Sid());
        (await EventsAsync(tenant.Client, ws, $"EventType=task.created&TaskSid={other}")).Should().ContainSingle();
        (await EventsAsync(tenant.Client, ws, "EventType=no.such.event")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_window_is_the_last_15_minutes_unless_Minutes_or_StartDate_and_EndDate_say_otherwise()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var count = (await EventsAsync(tenant.Client, ws, string.Empty)).Count;
        count.Should().BePositive();
        var now = DateTimeOffset.UtcNow;

        (await EventsAsync(tenant.Client, ws, "Minutes=5")).Should().HaveCount(count);
        (await EventsAsync(tenant.Client, ws, $"StartDate={Iso(now.AddHours(-1))}")).Should().HaveCount(count);
        (await EventsAsync(tenant.Client, ws, $"StartDate={Iso(now.AddHours(-1))}&EndDate={Iso(now.AddMinutes(5))}")).Should().HaveCount(count);
        (await EventsAsync(tenant.Client, ws, $"StartDate={Iso(now.AddMinutes(5))}")).Should().BeEmpty();
        (await EventsAsync(tenant.Client, ws, $"StartDate={Iso(now.AddHours(-2))}&EndDate={Iso(now.AddHours(-1))}")).Should().BeEmpty();
        (await EventsAsync(tenant.Client, ws, $"StartDate={now.UtcDateTime.AddDays(-1):yyyy-MM-dd}")).Should().HaveCount(count, "a date alone is midnight UTC");

        // Without StartDate the window is counted back from EndDate, not from now.
        (await EventsAsync(tenant.Client, ws, $"EndDate={Iso(now.AddHours(-1))}")).Should().BeEmpty();
        (await EventsAsync(tenant.Client, ws, $"EndDate={Iso(now.AddMinutes(10))}&Minutes=5")).Should().BeEmpty();
        (await EventsAsync(tenant.Client, ws, $"EndDate={Iso(now.AddMinutes(10))}&Minutes=20")).Should().HaveCount(count);
    }

    [Fact]
    public async Task Page_links_carry_the_window_as_dates_so_it_does_not_slide_between_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));

        var page = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Events?Minutes=5&PageSize=1&EventType=task.created");
        var first = page.GetProperty("meta").GetProperty("first_page_url").GetString()!;

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(first).Query);
        query.Should().NotContainKey("Minutes");
        var start = DateTimeOffset.Parse(query["StartDate"]!, CultureInfo.InvariantCulture);
        start.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1));
        query["EventType"].ToString().Should().Be("task.created");
    }

    [Theory]
    [InlineData("Minutes=0", "Minutes")]
    [InlineData("Minutes=abc", "Minutes")]
    [InlineData("Minutes=43201", "Minutes")]
    [InlineData("StartDate=yesterday", "StartDate")]
    [InlineData("EndDate=2026-13-01", "EndDate")]
    [InlineData("StartDate=2026-01-02&EndDate=2026-01-01", "EndDate")]
    [InlineData("Minutes=5&StartDate=2026-01-01", "Minutes")]
    [InlineData("TaskSid=WK0123456789abcdef0123456789abcdef", "TaskSid")]
    [InlineData("WorkerSid=nope", "WorkerSid")]
    [InlineData("ResourceSid=12", "ResourceSid")]
    [InlineData("TaskChannel=voice", "TaskChannel")]
    [InlineData("PageSize=0", "PageSize")]
    public async Task A_bad_filter_is_a_400_naming_the_field(string query, string field)
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var problem = await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Events?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Text("message").Should().StartWith(field);
    }

    [Fact]
    public async Task Pages_follow_next_page_url_through_every_event_once_in_order()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        for (var i = 0; i < 3; i++)
        {
            await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        }

        var all = (await EventsAsync(tenant.Client, ws, string.Empty)).Select(e => e.Sid()).ToList();
        all.Should().HaveCountGreaterThan(5);

        var seen = new List<string>();
        var url = $"/v1/Workspaces/{ws}/Events?PageSize=2";
        while (url is not null)
        {
            var page = await tenant.Client.GetJsonAsync(url);
            seen.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.Sid()));
            url = page.GetProperty("meta").GetProperty("next_page_url").GetString();
        }

        seen.Should().Equal(all);
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string ws, string query) =>
        [.. (await client.GetJsonAsync($"/v1/Workspaces/{ws}/Events?PageSize=1000&{query}")).GetProperty("events").EnumerateArray()];

    private static string Iso(DateTimeOffset date) => Uri.EscapeDataString(date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
