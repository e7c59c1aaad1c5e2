using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Regions.Media;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Sessions;

public sealed class StreamAtTheEndTests(PlainHost app) : IClassFixture<PlainHost>
{
    [Fact]
    public async Task A_stream_that_joins_as_its_session_ends_is_refused_or_ended_and_leaves_nothing_live()
    {
        using var tenant = await app.CreateTenantAsync();
        var runtime = app.Services.GetRequiredService<MediaRuntime>();

        var legs = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of())).ShouldBeAsync(HttpStatusCode.Created);
            var sid = session.GetProperty("sid").GetString()!;
            var url = session.GetProperty("media_stream_url").GetString()!;
            var joining = JoinAsync(url);
            var ending = tenant.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "completed")));
            (await ending).StatusCode.Should().Be(HttpStatusCode.OK);
            await joining;
            return new Uri(url).AbsolutePath.Split('/')[^1];
        }));

        legs.Select(runtime.Existing).Should().AllSatisfy(live => live.Should().BeNull("an ended session keeps no live stream"));
    }

    /// <summary>Joins the stream, and if the host lets it in, reads until the host closes it (the session's end does).</summary>
    private async Task JoinAsync(string url)
    {
        MediaStreamClient stream;
        try
        {
            stream = await MediaStreamClient.ConnectAsync(app, url);
        }
        catch (InvalidOperationException)
        {
            return; // Refused: the session had ended.
        }

        await using (stream)
        {
            await stream.MarkUntilClosedAsync("end");
        }
    }
}
