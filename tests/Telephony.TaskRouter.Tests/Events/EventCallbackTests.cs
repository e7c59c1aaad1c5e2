using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Telephony.TaskRouter.Tests.Events;

/// <summary>The workspace's EventCallbackUrl against a real callback server on loopback.</summary>
public sealed class EventCallbackTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["TaskRouter:EventCallbacks:FirstRetryDelay"] = "00:00:00.200",
        ["TaskRouter:EventCallbacks:MaxRetryDelay"] = "00:00:00.500",
        ["TaskRouter:EventCallbacks:MaxAttempts"] = "4",
    };

    private TelephonyApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TelephonyApp.Create(QuickRetries);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Events_allowed_by_EventsFilter_are_posted_in_order_with_Twilios_form_fields()
    {
        await using var callbacks = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        using var tenant = await _app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync("Callbacks", template: "FIFO");
        await WatchAsync(tenant.Client, ws, callbacks, "task.created, task.updated,task.canceled");

        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"type":"support"}"""))).Sid();
        await UpdateTaskAsync(tenant.Client, ws, task, ("Priority", "5"));
        await UpdateTaskAsync(tenant.Client, ws, task, ("AssignmentStatus", "canceled"), ("Reason", "caller hung up"));

        var posts = await Eventually.MatchAsync(() => Forms(callbacks), forms => forms.Count >= 3, "three event callbacks");
        posts.Select(p => (string?)p["EventType"]).Should().Equal("task.created", "task.updated", "task.canceled");
        callbacks.Requests.Should().OnlyContain(r => r.Method == "POST" && r.Headers["Content-Type"].StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal));
        var created = posts[0];
        created["AccountSid"].ToString().Should().Be(tenant.AccountSid);
        created["WorkspaceSid"].ToString().Should().Be(ws);
        created["WorkspaceName"].ToString().Should().Be("Callbacks");
        created["ResourceType"].ToString().Should().Be("Task");
        created["ResourceSid"].ToString().Should().Be(task);
        created["TaskSid"].ToString().Should().Be(task);
        created["TaskAttributes"].ToString().Should().Be("""{"type":"support"}""");
        created["TaskAssignmentStatus"].ToString().Should().Be("pending");
        created["Sid"].ToString().Should().MatchRegex("^EV[0-9a-f]{32}$");
        long.Parse(created["Timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 300);
        created["EventDescription"].ToString().Should().NotBeNullOrEmpty();
        posts[1]["TaskPriority"].ToString().Should().Be("5");
        posts[2]["TaskAssignmentStatus"].ToString().Should().Be("canceled");

        // Signed as Twilio signs its callbacks: the account's auth token over the URL and the sorted form.
        var url = callbacks.Url("/events").ToString();
        foreach (var request in callbacks.Requests.Where(r => r.Path == "/events"))
        {
            var form = QueryHelpers.ParseQuery(request.Body).ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
            request.Headers["X-Twilio-Signature"].Should().Be(Callbacks.AssignmentCallbackTests.ExpectedSignature(tenant.AuthToken, url, form));
        }

        // The filter let no other type through (workflow.entered, task-queue.entered... also happened).
        var listed = await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Events?PageSize=1000", "events");
        listed.Should().HaveCountGreaterThan(3);
        await Task.Delay(500);
        Forms(callbacks).Should().HaveCount(3);
    }

    [Fact]
    public async Task An_answer_whose_body_never_ends_counts_by_its_status_and_is_not_read()
    {
        await using var callbacks = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            var chunk = new byte[64 * 1024];
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            giveUp.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                while (true)
                {
                    await context.Response.Body.WriteAsync(chunk, giveUp.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The host hung up without reading: what this test wants.
            }
        });
        using var tenant = await _app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await WatchAsync(tenant.Client, ws, callbacks, "task.created,task.updated");

        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();
        await UpdateTaskAsync(tenant.Client, ws, task, ("Priority", "7"));

        // Read to its end (or its time-out), the first answer would fail and be sent again before the second event.
        var posts = await Eventually.MatchAsync(() => Forms(callbacks), forms => forms.Count >= 2, "both events");
        posts.Select(p => (string?)p["EventType"]).Should().Equal("task.created", "task.updated");
    }

    [Fact]
    public async Task A_failing_callback_server_is_retried_and_later_events_of_the_resource_wait_for_it()
    {
        var failuresLeft = 2;
        await using var callbacks = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = Interlocked.Decrement(ref failuresLeft) >= 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        using var tenant = await _app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await WatchAsync(tenant.Client, ws, callbacks, "task.created,task.updated");

        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();
        await UpdateTaskAsync(tenant.Client, ws, task, ("Priority", "7"));

        var posts = await Eventually.MatchAsync(() => Forms(callbacks), forms => forms.Count >= 4, "two failed attempts then both events");
        posts.Select(p => (string?)p["EventType"]).Should().Equal("task.created", "task.created", "task.created", "task.updated");
        posts.Select(p => (string?)p["Sid"]).Take(3).Distinct().Should().ContainSingle("a retry sends the same event");
    }

    [Fact]
    public async Task An_event_owed_to_a_callback_server_that_was_down_is_delivered_after_a_restart()
    {
        var up = false;
        var delivered = new List<string>();
        await using var callbacks = await LoopbackServer.StartAsync(async context =>
        {
            if (!Volatile.Read(ref up))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            var form = await context.Request.ReadFormAsync();
            lock (delivered)
            {
                delivered.Add(form["EventType"].ToString());
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        var settings = new Dictionary<string, string?>(QuickRetries) { ["TaskRouter:EventCallbacks:MaxAttempts"] = "1000" };
        var dataPath = TelephonyApp.NewDataPath();
        string ws;
        string task;
        Tenant tenant;
        await using (var first = TelephonyApp.Create(settings, dataPath))
        {
            tenant = await first.CreateTenantAsync();
            ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
            await WatchAsync(tenant.Client, ws, callbacks, "task.created");
            task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();
            await Eventually.MatchAsync(() => callbacks.Requests.Count, count => count >= 2, "failed attempts");
            tenant.Dispose();
        }

        Volatile.Write(ref up, true);
        await using var second = TelephonyApp.Create(settings, dataPath);
        _ = second.Server;

        await Eventually.MatchAsync(() => { lock (delivered) { return delivered.Count; } }, count => count >= 1, "the delivery after the restart");
        lock (delivered)
        {
            delivered.Should().Equal("task.created");
        }

        var last = callbacks.Requests.Last();
        QueryHelpers.ParseQuery(last.Body)["TaskSid"].ToString().Should().Be(task);
        TelephonyApp.TryDelete(dataPath);
    }

    [Fact]
    public async Task A_workspace_without_an_EventCallbackUrl_posts_nothing_and_clearing_it_stops_deliveries()
    {
        await using var callbacks = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        using var tenant = await _app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await WatchAsync(tenant.Client, ws, callbacks, string.Empty);
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        var first = await Eventually.MatchAsync(() => Forms(callbacks), forms => forms.Count >= 4, "the first task's four events");
        first.Select(f => f["EventType"].ToString()).Should().BeEquivalentTo(["task.created", "workflow.entered", "workflow.target-matched", "task-queue.entered"], "an empty EventsFilter lets every type through");

        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}", Form.Of(("EventCallbackUrl", string.Empty)))).ShouldBeAsync(HttpStatusCode.OK);
        var before = callbacks.Requests.Count;
        await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"));
        await Task.Delay(1000);

        callbacks.Requests.Count.Should().Be(before);
    }

    private static async Task WatchAsync(HttpClient client, string ws, LoopbackServer callbacks, string eventsFilter) =>
        await (await client.PostAsync($"/v1/Workspaces/{ws}", Form.Of(("EventCallbackUrl", callbacks.Url("/events").ToString()), ("EventsFilter", eventsFilter))))
            .ShouldBeAsync(HttpStatusCode.OK);

    private static async Task UpdateTaskAsync(HttpClient client, string ws, string task, params (string Key, string Value)[] fields) =>
        await (await client.PostAsync($"/v1/Workspaces/{ws}/Tasks/{task}", Form.Of(fields))).ShouldBeAsync(HttpStatusCode.OK);

    private static List<Dictionary<string, StringValues>> Forms(LoopbackServer callbacks) =>
        [.. callbacks.Requests.Where(r => r.Path == "/events").Select(r => QueryHelpers.ParseQuery(r.Body))];
}
