using System.Globalization;
using System.Net;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Sessions;

/// <summary>A placement on another region's resource is released there even when the link was down at the time.</summary>
public sealed class ReleaseRetryTests
{
    private static Dictionary<string, string?> Mixers(int mixers) => new()
    {
        ["Regions:BuiltIn:Mixer"] = mixers.ToString(CultureInfo.InvariantCulture),
        ["Regions:ReleaseRetryMs"] = "200",
    };

    [Fact]
    public async Task A_release_missed_while_the_resource_region_was_unreachable_arrives_once_it_is_back_even_across_a_restart()
    {
        using var regions = new Deployment(("us1", Mixers(0)), ("ie1", Mixers(1)));
        using var ieOperator = regions["ie1"].CreateBootstrapClient();
        string sid;
        using (var tenant = await regions["us1"].CreateTenantAsync())
        {
            sid = await SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1");
            var placed = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "conference")))).ShouldBeAsync(HttpStatusCode.OK);
            SelectionAcrossRegionsTests.Hops(placed, "resource").Single().GetProperty("region").GetString().Should().Be("ie1");
            (await MixerUsedAsync(ieOperator)).Should().Be(1);

            regions.Router.Partition("ie1", true);
            var removed = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Remove", "conference")))).ShouldBeAsync(HttpStatusCode.OK);
            removed.GetProperty("requirements").GetArrayLength().Should().Be(0);
            removed.GetProperty("explain").EnumerateArray().Select(e => e.GetString()).Should().Contain(e => e!.Contains("queued: region unreachable"));
        }

        // ie1 was not told: it still counts the placement.
        (await MixerUsedAsync(ieOperator)).Should().Be(1);

        // The queue survives a restart of the region that owes the release.
        regions.Restart("us1");
        regions.Router.Partition("ie1", false);

        await Eventually.UntilAsync(() => MixerUsedAsync(ieOperator), used => used == 0, "the queued release to reach ie1");
    }

    [Fact]
    public async Task A_reservation_whose_answer_was_lost_is_released_where_it_was_made()
    {
        using var regions = new Deployment(("us1", Mixers(0)), ("ie1", Mixers(1)));
        using var ieOperator = regions["ie1"].CreateBootstrapClient();
        using var tenant = await regions["us1"].CreateTenantAsync();
        var sid = await SelectionAcrossRegionsTests.CreateSessionAsync(tenant, "us1");

        // ie1 reserves its mixer, but us1 never hears so and finds nothing else.
        regions.Router.LoseAnswers(call => call == "POST /peer/v1/Placements");
        await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "conference")))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        regions.Router.Delivered.Should().Contain("POST /peer/v1/Placements", "the reservation reached ie1");
        regions.Router.LoseAnswers(null);

        (await tenant.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "completed")))).StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.UntilAsync(() => MixerUsedAsync(ieOperator), used => used == 0, "ie1's mixer to be free again");
    }

    private static async Task<int> MixerUsedAsync(HttpClient ieOperator)
    {
        var resources = await (await ieOperator.GetAsync("/v1/MediaResources")).ShouldBeAsync(HttpStatusCode.OK);
        return resources.GetProperty("media_resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "mixer" && r.GetProperty("built_in").GetBoolean())
            .GetProperty("used").GetInt32();
    }
}
