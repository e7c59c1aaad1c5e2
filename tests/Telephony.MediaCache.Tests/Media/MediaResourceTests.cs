using System.Net;
using System.Text.Json;
using NAudio.Wave;
using Telephony.MediaCache.Tests.Support;

namespace Telephony.MediaCache.Tests.Media;

[Collection(SharedHost.Name)]
public sealed class MediaResourceTests(MediaApp app) : IAsyncLifetime
{
    private Origin _origin = null!;
    private Tenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _origin = await Origin.StartAsync();
        _tenant = await app.CreateTenantAsync();
    }

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        _tenant.Dispose();
    }

    [Fact]
    public async Task Post_answers_202_at_once_and_a_job_makes_the_media_ready()
    {
        _origin.Serve("/background.mp3", new OriginFile { Body = TestAudio.ToneMp3, ContentType = "audio/mpeg", ETag = "\"bg\"" });

        var created = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/background.mp3"), "alaw");

        created.Sid().Should().MatchRegex("^ME[0-9a-f]{32}$");
        created.GetProperty("status").GetString().Should().Be("queued");
        created.GetProperty("account_sid").GetString().Should().Be(_tenant.AccountSid);
        created.GetProperty("format").GetString().Should().Be("alaw");
        var ready = await MediaApi.WaitForStatusAsync(_tenant.Client, created.Sid(), "ready");
        ready.GetProperty("content_type").GetString().Should().Be("audio/wav");
        ready.GetProperty("duration_ms").GetInt32().Should().BeCloseTo(3000, 20);
        ready.GetProperty("source_etag").GetString().Should().Be("\"bg\"");
        ready.GetProperty("date_created").GetString().Should().NotBeNull();
        var content = new Uri(ready.GetProperty("content_url").GetString()!);
        using var anonymous = app.CreateClient();
        var body = await anonymous.GetByteArrayAsync(content.AbsolutePath);
        body.Length.Should().Be(ready.GetProperty("size_bytes").GetInt32());
        Audio.ShouldBeTelephonyWav(body, WaveFormatEncoding.ALaw, 8000, 8, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Asking_again_for_the_same_media_returns_the_same_resource()
    {
        _origin.Serve("/same.wav", new OriginFile { Body = TestAudio.ToneWav });

        var first = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/same.wav"));
        await MediaApi.WaitForStatusAsync(_tenant.Client, first.Sid(), "ready");
        var second = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/same.wav"));

        second.Sid().Should().Be(first.Sid());
        second.GetProperty("status").GetString().Should().Be("ready");
    }

    [Fact]
    public async Task A_background_failure_shows_on_the_resource()
    {
        _origin.Serve("/garbage.bin", new OriginFile { Body = TestAudio.Garbage, ContentType = "application/octet-stream" });

        var created = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/garbage.bin"));

        var failed = await MediaApi.WaitForStatusAsync(_tenant.Client, created.Sid(), "failed");
        failed.GetProperty("error_code").GetInt32().Should().Be(20422);
        failed.GetProperty("error_message").GetString().Should().Contain("could not be processed");
        _origin.Count("/garbage.bin").Should().Be(1, "a failure of the media itself is not retried");
    }

    [Fact]
    public async Task Post_checks_its_fields()
    {
        using var noUrl = await _tenant.Client.PostAsync("/v1/Media", Form.Of(("Format", "ulaw")));
        using var badFormat = await _tenant.Client.PostAsync("/v1/Media", Form.Of(("Url", "https://example.com/a.wav"), ("Format", "mp3")));
        using var badPinned = await _tenant.Client.PostAsync("/v1/Media", Form.Of(("Url", "https://example.com/a.wav"), ("Pinned", "yes")));

        (await noUrl.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Url", out _).Should().BeTrue();
        (await badFormat.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Format", out _).Should().BeTrue();
        (await badPinned.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Pinned", out _).Should().BeTrue();
        var list = await (await _tenant.Client.GetAsync("/v1/Media")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("media").GetArrayLength().Should().Be(0, "a refused request writes nothing");
    }

    [Fact]
    public async Task The_list_pages_and_filters()
    {
        for (var i = 0; i < 3; i++)
        {
            _origin.Serve($"/list{i}.wav", new OriginFile { Body = TestAudio.ToneWav });
            await MediaApi.CreateAsync(_tenant.Client, _origin.Url($"/list{i}.wav"), i == 2 ? "pcm16k" : "ulaw", pinned: i == 0);
        }

        var page1 = await (await _tenant.Client.GetAsync("/v1/Media?PageSize=2")).ShouldBeAsync(HttpStatusCode.OK);
        var next = page1.GetProperty("meta").GetProperty("next_page_url").GetString()!;
        var page2 = await (await _tenant.Client.GetAsync(new Uri(next).PathAndQuery)).ShouldBeAsync(HttpStatusCode.OK);
        var pinned = await (await _tenant.Client.GetAsync("/v1/Media?Pinned=true")).ShouldBeAsync(HttpStatusCode.OK);
        var wideband = await (await _tenant.Client.GetAsync("/v1/Media?Format=pcm16k")).ShouldBeAsync(HttpStatusCode.OK);
        using var badStatus = await _tenant.Client.GetAsync("/v1/Media?Status=lost");

        page1.GetProperty("media").GetArrayLength().Should().Be(2);
        page1.GetProperty("meta").GetProperty("key").GetString().Should().Be("media");
        page2.GetProperty("media").GetArrayLength().Should().Be(1);
        page2.GetProperty("meta").GetProperty("next_page_url").ValueKind.Should().Be(JsonValueKind.Null);
        var all = page1.GetProperty("media").EnumerateArray().Concat(page2.GetProperty("media").EnumerateArray()).Select(m => m.Sid()).ToList();
        all.Should().OnlyHaveUniqueItems().And.HaveCount(3);
        pinned.GetProperty("media").EnumerateArray().Should().ContainSingle().Which.GetProperty("pinned").GetBoolean().Should().BeTrue();
        wideband.GetProperty("media").EnumerateArray().Should().ContainSingle().Which.GetProperty("format").GetString().Should().Be("pcm16k");
        (await badStatus.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Status", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Pinned_media_refuses_delete_until_unpinned_then_delete_evicts_it()
    {
        _origin.Serve("/pin.wav", new OriginFile { Body = TestAudio.Tone(1, 1234) });
        var created = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/pin.wav"));
        var ready = await MediaApi.WaitForStatusAsync(_tenant.Client, created.Sid(), "ready");
        var content = new Uri(ready.GetProperty("content_url").GetString()!).AbsolutePath;

        using var anonymous = app.CreateClient();
        // Served once first, so the small file is also held in memory: deleting must drop that copy too.
        using var servedBefore = await anonymous.GetAsync(content);
        var pinned = await (await _tenant.Client.PostAsync($"/v1/Media/{created.Sid()}", Form.Of(("Pinned", "true")))).ShouldBeAsync(HttpStatusCode.OK);
        using var refused = await _tenant.Client.DeleteAsync($"/v1/Media/{created.Sid()}");
        await (await _tenant.Client.PostAsync($"/v1/Media/{created.Sid()}", Form.Of(("Pinned", "false")))).ShouldBeAsync(HttpStatusCode.OK);
        using var deleted = await _tenant.Client.DeleteAsync($"/v1/Media/{created.Sid()}");
        using var gone = await _tenant.Client.GetAsync($"/v1/Media/{created.Sid()}");
        using var contentGone = await anonymous.GetAsync(content);

        servedBefore.StatusCode.Should().Be(HttpStatusCode.OK);
        pinned.GetProperty("pinned").GetBoolean().Should().BeTrue();
        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("message").GetString().Should().Contain("unpin");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await contentGone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var again = await _tenant.Client.GetAsync($"/v1/Media/Fetch?Url={Uri.EscapeDataString(_origin.Url("/pin.wav"))}");
        again.Headers.GetValues("X-Cache").Single().Should().Be("MISS", "the cache entry went with the file");
    }

    [Fact]
    public async Task Update_checks_pinned()
    {
        _origin.Serve("/upd.wav", new OriginFile { Body = TestAudio.ToneWav });
        var created = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/upd.wav"));

        using var response = await _tenant.Client.PostAsync($"/v1/Media/{created.Sid()}", Form.Of(("Pinned", "maybe")));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Pinned", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Another_account_sees_none_of_it()
    {
        _origin.Serve("/mine.wav", new OriginFile { Body = TestAudio.ToneWav });
        var mine = await MediaApi.CreateAsync(_tenant.Client, _origin.Url("/mine.wav"));
        using var other = await app.CreateTenantAsync("other");

        using var get = await other.Client.GetAsync($"/v1/Media/{mine.Sid()}");
        using var pin = await other.Client.PostAsync($"/v1/Media/{mine.Sid()}", Form.Of(("Pinned", "true")));
        using var delete = await other.Client.DeleteAsync($"/v1/Media/{mine.Sid()}");
        var list = await (await other.Client.GetAsync("/v1/Media")).ShouldBeAsync(HttpStatusCode.OK);

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await pin.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        list.GetProperty("media").GetArrayLength().Should().Be(0);
        (await MediaApi.GetAsync(_tenant.Client, mine.Sid())).Sid().Should().Be(mine.Sid());
    }

    [Fact]
    public async Task Prefetch_warms_the_cache_so_the_next_request_is_a_hit()
    {
        _origin.Serve("/warm1.wav", new OriginFile { Body = TestAudio.ToneWav });
        _origin.Serve("/warm2.mp3", new OriginFile { Body = TestAudio.ToneMp3, ContentType = "audio/mpeg" });

        var accepted = await (await _tenant.Client.PostAsync("/v1/Media/Prefetch", Form.Of(("Url", _origin.Url("/warm1.wav")), ("Url", _origin.Url("/warm2.mp3")))))
            .ShouldBeAsync(HttpStatusCode.Accepted);

        var media = accepted.GetProperty("media").EnumerateArray().ToList();
        media.Should().HaveCount(2);
        foreach (var item in media)
        {
            await MediaApi.WaitForStatusAsync(_tenant.Client, item.Sid(), "ready");
        }

        using var hit = await _tenant.Client.GetAsync($"/v1/Media/Fetch?Url={Uri.EscapeDataString(_origin.Url("/warm2.mp3"))}");
        hit.Headers.GetValues("X-Cache").Single().Should().Be("HIT");
        _origin.Count("/warm2.mp3").Should().Be(1);
    }

    [Fact]
    public async Task Prefetch_checks_every_url_before_queueing_any()
    {
        using var badSecond = await _tenant.Client.PostAsync("/v1/Media/Prefetch", Form.Of(("Url", _origin.Url("/ok.wav")), ("Url", "gopher://old.example/a")));
        using var none = await _tenant.Client.PostAsync("/v1/Media/Prefetch", Form.Of(("Format", "ulaw")));
        using var tooMany = await _tenant.Client.PostAsync("/v1/Media/Prefetch", Form.Of([.. Enumerable.Range(0, 101).Select(i => ("Url", $"https://example.com/{i}.wav"))]));

        (await badSecond.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Url[1]", out _).Should().BeTrue();
        (await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Url", out _).Should().BeTrue();
        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Url", out _).Should().BeTrue();
        var list = await (await _tenant.Client.GetAsync("/v1/Media")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("media").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Statistics_count_the_accounts_requests()
    {
        _origin.Serve("/stats.wav", new OriginFile { Body = TestAudio.Tone(1, 777) });
        var url = Uri.EscapeDataString(_origin.Url("/stats.wav"));
        using var miss = await _tenant.Client.GetAsync($"/v1/Media/Fetch?Url={url}");
        using var hit = await _tenant.Client.GetAsync($"/v1/Media/Fetch?Url={url}");

        var statistics = await MediaApi.StatisticsAsync(_tenant.Client);

        statistics.GetProperty("account_sid").GetString().Should().Be(_tenant.AccountSid);
        statistics.GetProperty("hits").GetInt64().Should().Be(1);
        statistics.GetProperty("misses").GetInt64().Should().Be(1);
        statistics.GetProperty("hit_ratio").GetDouble().Should().Be(0.5);
        statistics.GetProperty("transcodes").GetInt64().Should().Be(1);
        statistics.GetProperty("fetch_bytes").GetInt64().Should().Be(TestAudio.Tone(1, 777).Length);
        statistics.GetProperty("media").GetProperty("ready").GetInt32().Should().Be(1);
        statistics.GetProperty("store_bytes").GetInt64().Should().BePositive();
        statistics.GetProperty("store_budget_bytes").GetInt64().Should().BePositive();
    }
}
