using System.Net;
using System.Text.Json;
using Telephony.Regions.Tests.Sessions;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Resources;

public sealed class MediaResourcesTests
{
    /// <summary>us1 has no built-in mixers or recorders: only registered ones can take work there; ie1 has none at all.</summary>
    private static Deployment TwoRegions(string heartbeatTimeoutSeconds = "30") => new(
        ("us1", new Dictionary<string, string?>
        {
            ["Regions:BuiltIn:Mixer"] = "0",
            ["Regions:BuiltIn:Recorder"] = "0",
            ["Regions:HeartbeatTimeoutSeconds"] = heartbeatTimeoutSeconds,
        }),
        ("ie1", new Dictionary<string, string?> { ["Regions:BuiltIn:Mixer"] = "0", ["Regions:BuiltIn:Recorder"] = "0" }));

    [Fact]
    public async Task An_operator_registers_lists_fetches_updates_and_removes_a_resource()
    {
        using var regions = TwoRegions();
        using var op = regions["us1"].CreateBootstrapClient();

        var registered = await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", "mixer"), ("Capacity", "8"), ("FriendlyName", "mixer-a")))).ShouldBeAsync(HttpStatusCode.Created);
        var sid = registered.GetProperty("sid").GetString();
        registered.GetProperty("status").GetString().Should().Be("available");
        registered.GetProperty("region").GetString().Should().Be("us1");
        registered.GetProperty("built_in").GetBoolean().Should().BeFalse();

        var list = await (await op.GetAsync("/v1/MediaResources")).ShouldBeAsync(HttpStatusCode.OK);
        var kinds = list.GetProperty("media_resources").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        kinds.Should().Contain(["recorder", "mixer", "streamer", "transcoder"]);
        list.GetProperty("media_resources").EnumerateArray().Should().Contain(r => r.GetProperty("sid").GetString() == sid);

        var updated = await (await op.PostAsync($"/v1/MediaResources/{sid}", Form.Of(("Capacity", "12"), ("FriendlyName", "mixer-b")))).ShouldBeAsync(HttpStatusCode.OK);
        updated.GetProperty("capacity").GetInt32().Should().Be(12);
        (await (await op.GetAsync($"/v1/MediaResources/{sid}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("friendly_name").GetString().Should().Be("mixer-b");

        (await op.DeleteAsync($"/v1/MediaResources/{sid}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await op.GetAsync($"/v1/MediaResources/{sid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Media_resources_are_for_the_operator_only_and_bad_input_names_the_field()
    {
        using var regions = TwoRegions();
        using var tenant = await regions["us1"].CreateTenantAsync();
        using var op = regions["us1"].CreateBootstrapClient();

        await (await tenant.Client.GetAsync("/v1/MediaResources")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await tenant.Client.PostAsync("/v1/MediaResources", Form.Of(("Kind", "mixer"), ("Capacity", "1")))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", "blender"), ("Capacity", "1")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Kind:");
        (await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", "mixer"), ("Capacity", "-1")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Capacity:");
        (await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", "mixer"), ("Capacity", "2"), ("FriendlyName", new string('n', 65))))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("FriendlyName:");
        var sid = (await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", "mixer"), ("Capacity", "2")))).ShouldBeAsync(HttpStatusCode.Created)).GetProperty("sid").GetString();
        (await (await op.PostAsync($"/v1/MediaResources/{sid}", Form.Of(("Draining", "maybe")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Draining:");
        (await (await op.PostAsync($"/v1/MediaResources/{sid}/Heartbeat", Form.Of(("Load", "x")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Load:");
        await (await op.PostAsync("/v1/MediaResources/MR00000000000000000000000000000000/Heartbeat", Form.Of(("Load", "1")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Peer_routes_take_the_peer_token_not_account_credentials()
    {
        using var regions = TwoRegions();
        using var op = regions["us1"].CreateBootstrapClient();
        await (await op.GetAsync("/peer/v1/Capacity")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var peer = regions["us1"].CreateClient();
        peer.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        await (await peer.GetAsync("/peer/v1/Capacity")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        peer.DefaultRequestHeaders.Authorization = new("Bearer", Deployment.PeerToken);
        (await (await peer.GetAsync("/peer/v1/Capacity")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("region").GetString().Should().Be("us1");
    }

    [Fact]
    public async Task A_placement_request_without_its_fields_is_a_400_naming_the_field()
    {
        using var regions = TwoRegions();
        using var peer = regions["us1"].CreateClient();
        peer.DefaultRequestHeaders.Authorization = new("Bearer", Deployment.PeerToken);

        (await (await peer.PostAsync("/peer/v1/Placements", Json("{}"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("placement_sid:");
        (await (await peer.PostAsync("/peer/v1/Placements", Json("""{"placement_sid":"PL00000000000000000000000000000000"}"""))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("resource_sid:");
        (await (await peer.PostAsync("/peer/v1/Legs", Json("{}"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("session_sid:");
    }

    [Fact]
    public async Task A_burst_of_placements_spreads_over_resources_whose_reported_load_is_stale()
    {
        using var regions = TwoRegions();
        using var op = regions["us1"].CreateBootstrapClient();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var first = await RegisterAsync(op, "mixer", 5);
        var second = await RegisterAsync(op, "mixer", 5);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1")));

        // Neither resource heartbeats during the burst: only counting our own placements keeps it fair.
        var answers = await Task.WhenAll(sessions.Select(sid => tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "conference")))));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(10);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(1);
        (await (await op.GetAsync($"/v1/MediaResources/{first}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("active_sessions").GetInt32().Should().Be(5);
        (await (await op.GetAsync($"/v1/MediaResources/{second}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("active_sessions").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task A_draining_resource_takes_no_new_session_and_reports_when_it_is_empty()
    {
        using var regions = TwoRegions();
        using var op = regions["us1"].CreateBootstrapClient();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var draining = await RegisterAsync(op, "mixer", 10);
        var first = await SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1");
        await AddAsync(tenant, first, "conference");
        var other = await RegisterAsync(op, "mixer", 10);

        var drainingNow = await (await op.PostAsync($"/v1/MediaResources/{draining}", Form.Of(("Draining", "true")))).ShouldBeAsync(HttpStatusCode.OK);
        drainingNow.GetProperty("status").GetString().Should().Be("draining");
        await (await op.DeleteAsync($"/v1/MediaResources/{draining}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        for (var i = 0; i < 3; i++)
        {
            var sid = await SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1");
            var placed = await AddAsync(tenant, sid, "conference");
            SelectionAcrossRegionsTests.Hops(placed, "resource").Single().GetProperty("name").GetString().Should().Be(other);
        }

        (await tenant.Client.PostAsync($"/v1/Sessions/{first}", Form.Of(("Status", "completed")))).StatusCode.Should().Be(HttpStatusCode.OK);
        var drained = await (await op.GetAsync($"/v1/MediaResources/{draining}")).ShouldBeAsync(HttpStatusCode.OK);
        drained.GetProperty("status").GetString().Should().Be("drained");
        drained.GetProperty("active_sessions").GetInt32().Should().Be(0);
        (await op.DeleteAsync($"/v1/MediaResources/{draining}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_resource_that_misses_its_heartbeats_is_replaced_mid_session_and_the_path_records_it()
    {
        using var regions = TwoRegions(heartbeatTimeoutSeconds: "2");
        using var op = regions["us1"].CreateBootstrapClient();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var doomed = await RegisterAsync(op, "mixer", 10);

        // It beats until the session is placed on it (however slow the machine), then goes silent.
        using var placedOnDoomed = new CancellationTokenSource();
        var lastBeats = BeatUntilAsync(op, doomed, placedOnDoomed.Token);
        var sid = await SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1");
        var placed = await AddAsync(tenant, sid, "conference");
        await placedOnDoomed.CancelAsync();
        await lastBeats;
        SelectionAcrossRegionsTests.Hops(placed, "resource").Single().GetProperty("name").GetString().Should().Be(doomed);

        var survivor = await RegisterAsync(op, "mixer", 10);
        using var stopBeating = new CancellationTokenSource();
        var beats = Task.Run(async () =>
        {
            while (!stopBeating.IsCancellationRequested)
            {
                await op.PostAsync($"/v1/MediaResources/{survivor}/Heartbeat", Form.Of(("Load", "0")));
                await Task.Delay(300);
            }
        });

        var failedOver = await Eventually.UntilAsync(
            async () => await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK),
            s => s.GetProperty("media_path").GetProperty("failovers").GetArrayLength() > 0,
            "the conference to fail over");
        await stopBeating.CancelAsync();
        await beats;

        var failover = failedOver.GetProperty("media_path").GetProperty("failovers")[0];
        failover.GetProperty("from_resource").GetString().Should().Be(doomed);
        failover.GetProperty("to_resource").GetString().Should().Be(survivor);
        failover.GetProperty("reason").GetString().Should().Contain("heartbeat");
        SelectionAcrossRegionsTests.Hops(failedOver, "resource").Single().GetProperty("name").GetString().Should().Be(survivor);
        (await (await op.GetAsync($"/v1/MediaResources/{doomed}")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("unhealthy");
    }

    internal static async Task BeatUntilAsync(HttpClient op, string resource, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await op.PostAsync($"/v1/MediaResources/{resource}/Heartbeat", Form.Of(("Load", "0")), CancellationToken.None);
            try
            {
                await Task.Delay(300, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal static async Task<string> RegisterAsync(HttpClient op, string kind, int capacity) =>
        (await (await op.PostAsync("/v1/MediaResources", Form.Of(("Kind", kind), ("Capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))))).ShouldBeAsync(HttpStatusCode.Created))
            .GetProperty("sid").GetString()!;

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AddAsync(Tenant tenant, string sid, string requirement) =>
        await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", requirement)))).ShouldBeAsync(HttpStatusCode.OK);
}
