using System.Net;

namespace Telephony.Regions.Tests.Sessions;

/// <summary>The plain host, with no Regions section: one region, everything in process.</summary>
public sealed class SingleRegionDefaultsTests(PlainHost app) : IClassFixture<PlainHost>
{
    [Fact]
    public async Task Without_configuration_the_host_is_the_single_region_us1_with_built_in_capacity()
    {
        using var tenant = await app.CreateTenantAsync();
        var list = await (await tenant.Client.GetAsync("/v1/Regions")).ShouldBeAsync(HttpStatusCode.OK);
        var region = list.GetProperty("regions").EnumerateArray().Single();
        region.GetProperty("id").GetString().Should().Be("us1");
        region.GetProperty("status").GetString().Should().Be("healthy");
        region.GetProperty("free_capacity").GetProperty("recorder").GetInt32().Should().BePositive();

        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "ie1")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        session.GetProperty("message").GetString().Should().StartWith("MediaRegion:");
    }

    [Fact]
    public async Task Peer_routes_are_off_without_a_peer_token()
    {
        using var peer = app.CreateClient();
        peer.DefaultRequestHeaders.Authorization = new("Bearer", "anything");
        await (await peer.GetAsync("/peer/v1/Capacity")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_tenant_routes_and_hides_the_peer_protocol()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/v1/Sessions", "/v1/Sessions/{Sid}/Requirements", "/v1/Recordings/{Sid}/Content", "/v1/MediaResources/{Sid}/Heartbeat", "/v1/Regions"]);
        paths.Should().NotContain(p => p.StartsWith("/peer/", StringComparison.Ordinal));
    }
}

/// <summary>xunit needs a parameterless constructor for a class fixture; TelephonyApp's are optional parameters.</summary>
public sealed class PlainHost : TelephonyApp
{
    public PlainHost()
        : base(null, null)
    {
    }
}
