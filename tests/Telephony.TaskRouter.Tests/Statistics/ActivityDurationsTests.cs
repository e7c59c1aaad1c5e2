using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Statistics;

/// <summary>
/// <c>activity_durations</c> of the workers' cumulative statistics, from a worker's real day in
/// seconds: Carol is available for two seconds and then unavailable; Dave stays available.
/// Durations are whole seconds: each is checked against what the test's own clock allows.
/// </summary>
public sealed class ActivityDurationsTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Time_in_each_activity_is_summed_per_activity_for_a_worker_and_for_all_workers()
    {
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var ws = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var unavailable = await client.ActivitySidAsync(ws, "Unavailable");
        var beforeDave = DateTimeOffset.UtcNow;
        await client.CreateAvailableWorkerAsync(ws, "Dave");
        var carolsDay = Stopwatch.StartNew();
        var carol = await client.CreateAvailableWorkerAsync(ws, "Carol");
        var createdAt = DateTimeOffset.UtcNow;

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await (await client.PostAsync($"/v1/Workspaces/{ws}/Workers/{carol}", Form.Of(("ActivitySid", unavailable)))).ShouldBeAsync(HttpStatusCode.OK);
        var carolAvailableAtMost = (long)Math.Ceiling(carolsDay.Elapsed.TotalSeconds);
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        // One window, ending on a whole second already past, for every read: the figures cannot move between them.
        var now = DateTimeOffset.UtcNow;
        var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var window = $"EndDate={end.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}&Minutes=15";
        var carols = Durations((await client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{carol}/Statistics?{window}")).GetProperty("cumulative"));
        carols.Keys.Should().BeEquivalentTo(["Offline", "Available", "Unavailable"], "every activity of the workspace is listed");
        carols["Available"].Min.Should().BeInRange(2, carolAvailableAtMost);
        carols["Available"].Should().Match<Figures>(f => f.Min == f.Max && f.Max == f.Total && f.Avg == f.Total, "one period");
        carols["Unavailable"].Total.Should().BeGreaterThanOrEqualTo(1, "the period she is in now counts up to the window's end");

        var everyone = Durations(await client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/CumulativeStatistics?{window}"));
        everyone["Available"].Min.Should().BeGreaterThanOrEqualTo(2, "Carol's period");
        everyone["Available"].Max.Should().BeGreaterThanOrEqualTo(3, "Dave's, still going");
        everyone["Available"].Total.Should().BeInRange(5, carolAvailableAtMost + (long)Math.Ceiling((end - beforeDave).TotalSeconds), "each period counted once");
        everyone["Unavailable"].Should().Be(carols["Unavailable"], "only Carol was unavailable");

        // A window that closed before either worker existed: their periods all lie after it.
        var before = createdAt.AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var past = Durations(await client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/CumulativeStatistics?EndDate={before}&Minutes=15"));
        past.Values.Should().OnlyContain(f => f.Total == 0 && f.Max == 0);

        // A window that ended while Carol was still available: her period counts up to its end.
        var whileAvailable = new DateTimeOffset(createdAt.Ticks - (createdAt.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(2)
            .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var cut = Durations((await client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{carol}/Statistics?EndDate={whileAvailable}&Minutes=15")).GetProperty("cumulative"));
        cut["Available"].Total.Should().BeInRange(1, 2);
        cut["Unavailable"].Total.Should().Be(0);
    }

    [Fact]
    public async Task A_change_of_activity_event_says_which_activity_was_left_and_for_how_long()
    {
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var ws = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var available = await client.ActivitySidAsync(ws, "Available");
        var unavailable = await client.ActivitySidAsync(ws, "Unavailable");
        var carol = await client.CreateAvailableWorkerAsync(ws, "Carol");

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await (await client.PostAsync($"/v1/Workspaces/{ws}/Workers/{carol}", Form.Of(("ActivitySid", unavailable)))).ShouldBeAsync(HttpStatusCode.OK);

        var data = (await ActivityChangesAsync(client, ws, carol)).Single(d => d.Text("worker_activity_sid") == unavailable);
        data.Text("worker_previous_activity_sid").Should().Be(available);
        data.Text("worker_previous_activity_name").Should().Be("Available");
        data.GetProperty("worker_time_in_previous_activity").GetInt64().Should().BeGreaterThanOrEqualTo(1);
        data.GetProperty("worker_time_in_previous_activity_ms").GetInt64().Should().BeGreaterThanOrEqualTo(1100);
    }

    [Fact]
    public async Task Renaming_an_activity_moves_no_worker_out_of_it()
    {
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var ws = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var available = await client.ActivitySidAsync(ws, "Available");
        var carol = await client.CreateAvailableWorkerAsync(ws, "Carol");
        var changes = (await ActivityChangesAsync(client, ws, carol)).Count;

        await (await client.PostAsync($"/v1/Workspaces/{ws}/Activities/{available}", Form.Of(("FriendlyName", "Ready")))).ShouldBeAsync(HttpStatusCode.OK);

        (await ActivityChangesAsync(client, ws, carol)).Should().HaveCount(changes, "a new name is not a change of activity");
        var worker = await client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{carol}");
        worker.Text("activity_name").Should().Be("Ready");
    }

    private static async Task<List<JsonElement>> ActivityChangesAsync(HttpClient client, string ws, string worker) =>
        [.. (await client.GetJsonAsync($"/v1/Workspaces/{ws}/Events?EventType=worker.activity.update&WorkerSid={worker}"))
            .GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event_data"))];

    private static Dictionary<string, Figures> Durations(JsonElement cumulative) =>
        cumulative.GetProperty("activity_durations").EnumerateArray().ToDictionary(
            a => a.Text("friendly_name"),
            a => new Figures(a.GetProperty("avg").GetInt64(), a.GetProperty("min").GetInt64(), a.GetProperty("max").GetInt64(), a.GetProperty("total").GetInt64()));

    private sealed record Figures(long Avg, long Min, long Max, long Total);
}
