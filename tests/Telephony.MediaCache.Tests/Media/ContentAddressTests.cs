using System.Net;
using System.Net.Http.Headers;
using Telephony.MediaCache.Tests.Support;

namespace Telephony.MediaCache.Tests.Media;

[Collection(SharedHost.Name)]
public sealed class ContentAddressTests(MediaApp app) : IAsyncLifetime
{
    private Origin _origin = null!;
    private string _address = null!;
    private byte[] _bytes = null!;

    public async Task InitializeAsync()
    {
        _origin = await Origin.StartAsync();
        _origin.Serve("/prompt.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var tenant = await app.CreateTenantAsync();
        using var response = await tenant.Client.GetAsync($"/v1/Media/Fetch?Url={Uri.EscapeDataString(_origin.Url("/prompt.wav"))}&Redirect=true");
        _address = response.RequestMessage!.RequestUri!.AbsolutePath;
        _bytes = await response.Content.ReadAsByteArrayAsync();
    }

    public async Task DisposeAsync() => await _origin.DisposeAsync();

    [Fact]
    public async Task The_address_is_immutable_with_a_strong_etag_and_needs_no_credentials()
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(_address);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().Should().Be("public, max-age=31536000, immutable");
        response.Headers.ETag!.IsWeak.Should().BeFalse();
        response.Headers.ETag.Tag.Should().Be($"\"{_address[18..82]}\"");
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(_bytes);
    }

    [Fact]
    public async Task A_range_is_answered_with_206()
    {
        using var anonymous = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _address);
        request.Headers.Range = new RangeHeaderValue(0, 57);

        using var response = await anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.Length.Should().Be(_bytes.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(_bytes[..58], "the 58-byte mu-law WAV header (fmt 18 + fact)");
    }

    [Fact]
    public async Task Head_answers_the_headers_without_the_body()
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, _address));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(_bytes.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_matching_if_none_match_is_a_304()
    {
        using var anonymous = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _address);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{_address[18..82]}\""));

        using var response = await anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/v1/Media/Content/0000000000000000000000000000000000000000000000000000000000000000.wav")]
    [InlineData("/v1/Media/Content/not-a-hash.wav")]
    [InlineData("/v1/Media/Content/..%2F..%2Fmediacache.db")]
    public async Task Unknown_addresses_are_404(string address)
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(address);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ffmpeg_is_part_of_readiness()
    {
        using var anonymous = app.CreateClient();

        var health = await (await anonymous.GetAsync("/health/ready")).ShouldBeAsync(HttpStatusCode.OK);

        var ffmpeg = health.GetProperty("checks").GetProperty("ffmpeg");
        ffmpeg.GetProperty("status").GetString().Should().Be("Healthy");
        ffmpeg.GetProperty("description").GetString().Should().StartWith("ffmpeg version");
    }
}
