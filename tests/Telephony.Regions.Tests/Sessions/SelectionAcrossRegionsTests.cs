using System.Net;
using System.Text.Json;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Sessions;

public sealed class SelectionAcrossRegionsTests
{
    private static Dictionary<string, string?> BuiltIn(int recorders, int mixers = 5) => new()
    {
        ["Regions:BuiltIn:Recorder"] = recorders.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Regions:BuiltIn:Mixer"] = mixers.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_recorder_is_selected_in_the_media_region_when_it_has_capacity()
    {
        using var regions = new Deployment(("us1", BuiltIn(2)), ("ie1", BuiltIn(2)));
        using var tenant = await regions["ie1"].CreateTenantAsync();

        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "us1")))).ShouldBeAsync(HttpStatusCode.Created);
        session.GetProperty("signaling_region").GetString().Should().Be("ie1");
        session.GetProperty("media_region").GetString().Should().Be("us1");
        session.GetProperty("media_stream_url").GetString().Should().StartWith("ws://us1.test/v1/MediaStreams/ML");

        var sid = session.GetProperty("sid").GetString();
        var recorded = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);

        var resource = Hops(recorded, "resource").Single();
        resource.GetProperty("region").GetString().Should().Be("us1");
        resource.GetProperty("kind").GetString().Should().Be("recorder");
        Hops(recorded, "tunnel").Single().GetProperty("region").GetString().Should().Be("ie1");
        recorded.GetProperty("explain").EnumerateArray().Last().GetString().Should().Contain("in the media region us1");
        recorded.GetProperty("requirements").EnumerateArray().Select(r => r.GetString()).Should().Equal("record");
    }

    [Fact]
    public async Task Without_capacity_in_the_media_region_the_lowest_latency_region_is_chosen()
    {
        using var regions = new Deployment(("us1", BuiltIn(0)), ("ie1", BuiltIn(1)), ("au1", BuiltIn(5)));
        using var tenant = await regions["us1"].CreateTenantAsync();

        var sid = await CreateSessionAsync(tenant, "us1");
        var recorded = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);

        // Dublin is nearer to Ashburn than Sydney, though Sydney has more free capacity.
        var resource = Hops(recorded, "resource").Single();
        resource.GetProperty("region").GetString().Should().Be("ie1");
        resource.GetProperty("latency_ms").GetInt32().Should().BePositive();
        recorded.GetProperty("explain").EnumerateArray().Last().GetString().Should().Contain("lowest latency figure");

        // ie1 is now full: the next session goes to au1.
        var second = await CreateSessionAsync(tenant, "us1");
        var next = await (await tenant.Client.PostAsync($"/v1/Sessions/{second}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);
        Hops(next, "resource").Single().GetProperty("region").GetString().Should().Be("au1");
    }

    [Fact]
    public async Task No_capacity_anywhere_is_a_409_that_says_why_and_the_session_is_unchanged()
    {
        using var regions = new Deployment(("us1", BuiltIn(0)), ("ie1", BuiltIn(0)));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var sid = await CreateSessionAsync(tenant, "us1");

        var problem = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("message").GetString().Should().Contain("No recorder can take the session").And.Contain("full");

        var session = await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK);
        session.GetProperty("requirements").GetArrayLength().Should().Be(0);
        session.GetProperty("recordings").GetArrayLength().Should().Be(0);
        (await (await tenant.Client.GetAsync("/v1/Recordings")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("recordings").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Ending_a_session_frees_its_capacity_for_the_next()
    {
        using var regions = new Deployment(("us1", BuiltIn(1)), ("ie1", BuiltIn(0)));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var first = await CreateSessionAsync(tenant, "us1");
        var second = await CreateSessionAsync(tenant, "us1");
        (await tenant.Client.PostAsync($"/v1/Sessions/{first}/Requirements", Form.Of(("Add", "record")))).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await tenant.Client.PostAsync($"/v1/Sessions/{second}/Requirements", Form.Of(("Add", "record")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var ended = await (await tenant.Client.PostAsync($"/v1/Sessions/{first}", Form.Of(("Status", "completed")))).ShouldBeAsync(HttpStatusCode.OK);
        ended.GetProperty("status").GetString().Should().Be("completed");

        (await tenant.Client.PostAsync($"/v1/Sessions/{second}/Requirements", Form.Of(("Add", "record")))).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await tenant.Client.PostAsync($"/v1/Sessions/{first}/Requirements", Form.Of(("Add", "conference")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Removing_a_requirement_releases_its_resource()
    {
        using var regions = new Deployment(("us1", BuiltIn(1, mixers: 1)), ("ie1", BuiltIn(0, mixers: 0)));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var first = await CreateSessionAsync(tenant, "us1");
        var second = await CreateSessionAsync(tenant, "us1");
        (await tenant.Client.PostAsync($"/v1/Sessions/{first}/Requirements", Form.Of(("Add", "conference")))).StatusCode.Should().Be(HttpStatusCode.OK);

        var removed = await (await tenant.Client.PostAsync($"/v1/Sessions/{first}/Requirements", Form.Of(("Remove", "conference")))).ShouldBeAsync(HttpStatusCode.OK);
        removed.GetProperty("requirements").GetArrayLength().Should().Be(0);
        Hops(removed, "resource").Should().BeEmpty();
        (await tenant.Client.PostAsync($"/v1/Sessions/{second}/Requirements", Form.Of(("Add", "conference")))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_edge_maps_to_its_region_and_appears_on_the_media_path()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["us1"].CreateTenantAsync();

        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("Edge", "dublin")))).ShouldBeAsync(HttpStatusCode.Created);
        session.GetProperty("media_region").GetString().Should().Be("ie1");
        session.GetProperty("edge").GetString().Should().Be("dublin");
        Hops(session, "edge").Single().GetProperty("name").GetString().Should().Be("dublin");

        var unknown = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("Edge", "sydney")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unknown.GetProperty("message").GetString().Should().StartWith("Edge:");
        var conflicting = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("Edge", "dublin"), ("MediaRegion", "us1")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        conflicting.GetProperty("message").GetString().Should().StartWith("Edge:");
    }

    [Fact]
    public async Task Regions_list_health_latency_and_free_capacity_and_an_unreachable_peer_says_so()
    {
        using var regions = new Deployment(("us1", BuiltIn(3)), ("ie1", BuiltIn(4)));
        using var tenant = await regions["us1"].CreateTenantAsync();

        var list = await (await tenant.Client.GetAsync("/v1/Regions")).ShouldBeAsync(HttpStatusCode.OK);
        var ie1 = list.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "ie1");
        ie1.GetProperty("status").GetString().Should().Be("healthy");
        ie1.GetProperty("free_capacity").GetProperty("recorder").GetInt32().Should().Be(4);
        ie1.GetProperty("latency_ms").GetInt32().Should().BePositive();
        list.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "us1").GetProperty("local").GetBoolean().Should().BeTrue();

        regions.Router.Partition("ie1", down: true);
        var partitioned = await (await tenant.Client.GetAsync("/v1/Regions")).ShouldBeAsync(HttpStatusCode.OK);
        partitioned.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "ie1")
            .GetProperty("status").GetString().Should().Be("unreachable");
    }

    [Fact]
    public async Task Another_accounts_session_and_recording_are_not_found()
    {
        using var regions = new Deployment(("us1", BuiltIn(2)), ("ie1", BuiltIn(2)));
        using var owner = await regions["ie1"].CreateTenantAsync("owner");
        using var other = await regions["ie1"].CreateTenantAsync("other");
        var sid = await CreateSessionAsync(owner, "us1");
        var recorded = await (await owner.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);
        var recording = recorded.GetProperty("recordings")[0].GetString();

        await (await other.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "stream")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "completed")))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/v1/Recordings/{recording}/Content")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await other.Client.GetAsync("/v1/Sessions")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("sessions").GetArrayLength().Should().Be(0);
        (await (await other.Client.GetAsync("/v1/Recordings")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("recordings").GetArrayLength().Should().Be(0);
        (await (await owner.Client.GetAsync("/v1/Sessions")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("sessions").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["us1"].CreateTenantAsync();
        var sid = await CreateSessionAsync(tenant, "us1");

        (await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "mars1")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("MediaRegion:");
        (await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", new string('x', 100))))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("MediaRegion:");
        (await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "teleport")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Add:");
        (await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of())).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Add:");
        (await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "paused")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("message").GetString().Should().StartWith("Status:");
        await (await tenant.Client.GetAsync("/v1/Sessions/SE00000000000000000000000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_session_cannot_be_created_while_its_media_region_is_unreachable()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        regions.Router.Partition("us1", down: true);

        var problem = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "us1")))).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("message").GetString().Should().Contain("us1");
        (await (await tenant.Client.GetAsync("/v1/Sessions")).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("sessions").GetArrayLength().Should().Be(0);
    }

    internal static async Task<string> CreateSessionAsync(Tenant tenant, string mediaRegion) =>
        (await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", mediaRegion)))).ShouldBeAsync(HttpStatusCode.Created))
            .GetProperty("sid").GetString()!;

    internal static IEnumerable<JsonElement> Hops(JsonElement session, string type) =>
        session.GetProperty("media_path").GetProperty("hops").EnumerateArray().Where(h => h.GetProperty("type").GetString() == type);
}
