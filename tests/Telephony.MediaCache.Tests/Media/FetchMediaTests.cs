using System.Net;
using System.Security.Cryptography;
using NAudio.Wave;
using Telephony.MediaCache.Tests.Support;

namespace Telephony.MediaCache.Tests.Media;

[Collection(SharedHost.Name)]
public sealed class FetchMediaTests(MediaApp app) : IAsyncLifetime
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

    private static string FetchPath(string url, string? format = null) =>
        $"/v1/Media/Fetch?Url={Uri.EscapeDataString(url)}" + (format is null ? string.Empty : $"&Format={format}");

    private async Task<HttpResponseMessage> FetchAsync(string url, string? format = null, HttpClient? client = null) =>
        await (client ?? _tenant.Client).GetAsync(FetchPath(url, format));

    private static string CacheStatus(HttpResponseMessage response) => response.Headers.GetValues("X-Cache").Single();

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task A_miss_fetches_and_transcodes_then_a_hit_answers_from_the_cache()
    {
        _origin.Serve("/prompt.wav", new OriginFile { Body = TestAudio.ToneWav });
        var url = _origin.Url("/prompt.wav");

        using var first = await FetchAsync(url);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(first).Should().Be("MISS");
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        using var second = await FetchAsync(url);
        CacheStatus(second).Should().Be("HIT");
        var secondBody = await second.Content.ReadAsByteArrayAsync();

        _origin.Count("/prompt.wav").Should().Be(1);
        secondBody.Should().Equal(firstBody);
        first.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        first.Headers.ETag!.Tag.Should().Be($"\"{Sha(firstBody)}\"");
        Audio.ShouldBeTelephonyWav(firstBody, WaveFormatEncoding.MuLaw, 8000, 8, TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("alaw", WaveFormatEncoding.ALaw, 8000, 8)]
    [InlineData("pcm8k", WaveFormatEncoding.Pcm, 8000, 16)]
    [InlineData("pcm16k", WaveFormatEncoding.Pcm, 16000, 16)]
    [InlineData("ulaw", WaveFormatEncoding.MuLaw, 8000, 8)]
    public async Task Each_wav_format_is_what_was_asked(string format, WaveFormatEncoding encoding, int rate, int bits)
    {
        _origin.Serve("/formats.mp3", new OriginFile { Body = TestAudio.ToneMp3, ContentType = "audio/mpeg" });

        using var response = await FetchAsync(_origin.Url("/formats.mp3"), format);

        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Audio.ShouldBeTelephonyWav(body, encoding, rate, bits, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Raw_ulaw_is_headerless_8_khz_mu_law_of_the_source_length()
    {
        _origin.Serve("/raw.wav", new OriginFile { Body = TestAudio.ToneWav });

        using var response = await FetchAsync(_origin.Url("/raw.wav"), "ulaw-raw");

        var body = await response.Content.ReadAsByteArrayAsync();
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/basic");
        body.Length.Should().BeCloseTo(16000, 160, "2 s of 8 kHz mu-law is 16,000 bytes (within 20 ms)");
        System.Text.Encoding.ASCII.GetString(body, 0, 4).Should().NotBe("RIFF");
    }

    [Fact]
    public async Task The_format_is_read_from_the_content_not_from_the_url()
    {
        // An Opus file behind a URL with no extension, a misleading one in the query, and a generic type.
        _origin.Serve("/download", new OriginFile { Body = TestAudio.ToneOpus, ContentType = "application/octet-stream" });

        using var response = await FetchAsync(_origin.Url("/download?name=prompt.v2.wav"));

        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Audio.ShouldBeTelephonyWav(body, WaveFormatEncoding.MuLaw, 8000, 8, TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task A_hundred_concurrent_cold_requests_cause_one_origin_fetch_and_one_transcode()
    {
        // Bytes no other test serves: identical bytes would reuse another test's transcode.
        _origin.Serve("/busy.wav", new OriginFile { Body = TestAudio.Tone(2, 1001), Delay = TimeSpan.FromMilliseconds(500) });
        var url = _origin.Url("/busy.wav");

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await FetchAsync(url);
            return (response.StatusCode, Body: await response.Content.ReadAsByteArrayAsync());
        }));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        responses.Select(r => Sha(r.Body)).Distinct().Should().ContainSingle();
        _origin.Count("/busy.wav").Should().Be(1);
        var statistics = await (await _tenant.Client.GetAsync("/v1/Media/Statistics")).ShouldBeAsync(HttpStatusCode.OK);
        statistics.GetProperty("transcodes").GetInt64().Should().Be(1);
        statistics.GetProperty("misses").GetInt64().Should().Be(1);
        statistics.GetProperty("hits").GetInt64().Should().Be(99);
        var list = await (await _tenant.Client.GetAsync("/v1/Media")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("media").GetArrayLength().Should().Be(1, "one account asking for one key has one media resource");
    }

    [Fact]
    public async Task A_stale_entry_is_revalidated_with_a_conditional_get_and_a_304_keeps_the_file()
    {
        _origin.Serve("/short.wav", new OriginFile { Body = TestAudio.Tone(2, 1002), ETag = "\"v1\"", CacheControl = "max-age=1" });
        var url = _origin.Url("/short.wav");
        using var first = await FetchAsync(url);
        var firstBody = await first.Content.ReadAsByteArrayAsync();

        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        using var second = await FetchAsync(url);

        CacheStatus(second).Should().Be("REVALIDATED");
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(firstBody);
        var requests = _origin.RequestsFor("/short.wav");
        requests.Should().HaveCount(2);
        requests[1].Headers["If-None-Match"].Should().Be("\"v1\"");
        var statistics = await (await _tenant.Client.GetAsync("/v1/Media/Statistics")).ShouldBeAsync(HttpStatusCode.OK);
        statistics.GetProperty("transcodes").GetInt64().Should().Be(1);
        statistics.GetProperty("revalidations").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task An_origin_with_only_last_modified_is_revalidated_with_if_modified_since()
    {
        var modified = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        _origin.Serve("/dated.wav", new OriginFile { Body = TestAudio.ToneWav, LastModified = modified, CacheControl = "no-cache" });
        var url = _origin.Url("/dated.wav");
        using var first = await FetchAsync(url);

        using var second = await FetchAsync(url);

        CacheStatus(second).Should().Be("REVALIDATED");
        var requests = _origin.RequestsFor("/dated.wav");
        requests.Should().HaveCount(2, "no-cache means every use is revalidated");
        requests[1].Headers["If-Modified-Since"].Should().Be(modified.ToString("R"));
    }

    [Fact]
    public async Task An_origin_changing_its_etag_yields_a_new_file()
    {
        var file = _origin.Serve("/changing.wav", new OriginFile { Body = TestAudio.ToneWav, ETag = "\"a\"", CacheControl = "max-age=0" });
        var url = _origin.Url("/changing.wav");
        using var first = await FetchAsync(url);
        var firstBody = await first.Content.ReadAsByteArrayAsync();

        file.Body = TestAudio.OtherToneWav;
        file.ETag = "\"b\"";
        using var second = await FetchAsync(url);
        var secondBody = await second.Content.ReadAsByteArrayAsync();

        CacheStatus(second).Should().Be("MISS");
        Sha(secondBody).Should().NotBe(Sha(firstBody));
        second.Headers.ETag!.Tag.Should().Be($"\"{Sha(secondBody)}\"");
        var media = await (await _tenant.Client.GetAsync($"/v1/Media/{second.Headers.GetValues("X-Media-Sid").Single()}")).ShouldBeAsync(HttpStatusCode.OK);
        media.GetProperty("content_sha256").GetString().Should().Be(Sha(secondBody));
        media.GetProperty("source_etag").GetString().Should().Be("\"b\"");
        // The old address still serves the old bytes until eviction: calls in progress finish.
        using var old = await app.CreateClient().GetAsync($"/v1/Media/Content/{Sha(firstBody)}.wav");
        old.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_store_fetches_every_time_but_identical_bytes_reuse_the_transcode()
    {
        _origin.Serve("/nostore.wav", new OriginFile { Body = TestAudio.Tone(2, 1003), ETag = "\"x\"", CacheControl = "no-store" });
        var url = _origin.Url("/nostore.wav");

        using var first = await FetchAsync(url);
        using var second = await FetchAsync(url);

        _origin.Count("/nostore.wav").Should().Be(2);
        _origin.RequestsFor("/nostore.wav")[1].Headers.Should().NotContainKey("If-None-Match", "no-store keeps no validators");
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(await first.Content.ReadAsByteArrayAsync());
        var statistics = await (await _tenant.Client.GetAsync("/v1/Media/Statistics")).ShouldBeAsync(HttpStatusCode.OK);
        statistics.GetProperty("transcodes").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Stale_while_revalidate_answers_at_once_and_revalidates_in_the_background()
    {
        _origin.Serve("/swr.wav", new OriginFile { Body = TestAudio.ToneWav, ETag = "\"s\"", CacheControl = "max-age=1, stale-while-revalidate=600" });
        var url = _origin.Url("/swr.wav");
        using var first = await FetchAsync(url);
        await Task.Delay(TimeSpan.FromMilliseconds(1300));

        using var second = await FetchAsync(url);

        CacheStatus(second).Should().Be("STALE");
        await Audio.WaitUntilAsync(() => Task.FromResult(_origin.Count("/swr.wav") == 2), "the background revalidation");
        _origin.RequestsFor("/swr.wav")[1].Headers["If-None-Match"].Should().Be("\"s\"");
        await Audio.WaitUntilAsync(
            async () =>
            {
                using var third = await FetchAsync(url);
                return CacheStatus(third) == "HIT";
            },
            "the revalidated entry to be fresh");
    }

    [Fact]
    public async Task Must_revalidate_is_never_served_stale()
    {
        _origin.Serve("/strict.wav", new OriginFile { Body = TestAudio.ToneWav, ETag = "\"m\"", CacheControl = "max-age=1, must-revalidate, stale-while-revalidate=600" });
        var url = _origin.Url("/strict.wav");
        using var first = await FetchAsync(url);
        await Task.Delay(TimeSpan.FromMilliseconds(1300));

        using var second = await FetchAsync(url);

        CacheStatus(second).Should().Be("REVALIDATED");
    }

    [Fact]
    public async Task Pre_signed_url_signatures_and_query_order_do_not_change_the_key()
    {
        _origin.Serve("/signed.wav", new OriginFile { Body = TestAudio.ToneWav });

        using var first = await FetchAsync(_origin.Url("/signed.wav?b=2&a=1&X-Amz-Signature=abc&X-Amz-Date=20260101T000000Z"));
        using var second = await FetchAsync(_origin.Url("/signed.wav?a=1&b=2&X-Amz-Signature=def&X-Amz-Date=20260101T000500Z"));

        CacheStatus(first).Should().Be("MISS");
        CacheStatus(second).Should().Be("HIT");
        _origin.Count("/signed.wav").Should().Be(1);
        var media = await (await _tenant.Client.GetAsync($"/v1/Media/{second.Headers.GetValues("X-Media-Sid").Single()}")).ShouldBeAsync(HttpStatusCode.OK);
        media.GetProperty("normalised_url").GetString().Should().EndWith("/signed.wav?a=1&b=2");
    }

    [Fact]
    public async Task A_signed_url_cached_for_one_account_is_fetched_again_for_another()
    {
        _origin.Serve("/private-signed.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var other = await app.CreateTenantAsync("other");

        using var first = await FetchAsync(_origin.Url("/private-signed.wav?X-Amz-Signature=abc"));
        using var second = await FetchAsync(_origin.Url("/private-signed.wav?X-Amz-Signature=zzz"), client: other.Client);

        CacheStatus(second).Should().Be("MISS", "without the signature the other account has not shown it may read the object");
        _origin.Count("/private-signed.wav").Should().Be(2);
    }

    [Fact]
    public async Task A_shared_answer_serves_other_accounts_but_a_private_one_does_not()
    {
        _origin.Serve("/shared.wav", new OriginFile { Body = TestAudio.ToneWav });
        _origin.Serve("/private.wav", new OriginFile { Body = TestAudio.ToneWav, CacheControl = "private, max-age=600" });
        using var other = await app.CreateTenantAsync("other");

        using var shared1 = await FetchAsync(_origin.Url("/shared.wav"));
        using var shared2 = await FetchAsync(_origin.Url("/shared.wav"), client: other.Client);
        using var private1 = await FetchAsync(_origin.Url("/private.wav"));
        using var private2 = await FetchAsync(_origin.Url("/private.wav"), client: other.Client);
        using var private3 = await FetchAsync(_origin.Url("/private.wav"), client: other.Client);

        CacheStatus(shared2).Should().Be("HIT");
        _origin.Count("/shared.wav").Should().Be(1);
        CacheStatus(private2).Should().Be("MISS");
        CacheStatus(private3).Should().Be("HIT");
        _origin.Count("/private.wav").Should().Be(2);
        shared2.Headers.GetValues("X-Media-Sid").Single().Should().NotBe(shared1.Headers.GetValues("X-Media-Sid").Single(), "each account has its own resource");
    }

    [Fact]
    public async Task Corrupt_input_is_a_422_and_a_failed_resource()
    {
        _origin.Serve("/corrupt.mp3", new OriginFile { Body = TestAudio.Garbage, ContentType = "audio/mpeg" });

        using var response = await FetchAsync(_origin.Url("/corrupt.mp3"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("message").GetString().Should().Contain("could not be processed");
        problem.GetProperty("errors").TryGetProperty("Url", out _).Should().BeTrue();
        var failed = await (await _tenant.Client.GetAsync("/v1/Media?Status=failed")).ShouldBeAsync(HttpStatusCode.OK);
        var media = failed.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("source_url").GetString()!.EndsWith("/corrupt.mp3", StringComparison.Ordinal));
        media.GetProperty("error_code").GetInt32().Should().Be(20422);
        media.GetProperty("error_message").GetString().Should().Contain("could not be processed");
        media.GetProperty("content_url").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_file_without_audio_is_a_422_naming_the_reason()
    {
        _origin.Serve("/video.mkv", new OriginFile { Body = TestAudio.VideoOnly, ContentType = "video/x-matroska" });

        using var response = await FetchAsync(_origin.Url("/video.mkv"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("message").GetString().Should().Contain("no audio stream");
    }

    [Fact]
    public async Task A_web_page_is_a_clear_error_not_a_garbled_prompt()
    {
        _origin.Serve("/login", new OriginFile { Body = "<html><body>Please sign in</body></html>"u8.ToArray(), ContentType = "text/html; charset=utf-8" });

        using var response = await FetchAsync(_origin.Url("/login"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetInt32().Should().Be(12300);
        problem.GetProperty("message").GetString().Should().Contain("text/html");
    }

    [Fact]
    public async Task Origin_errors_are_named()
    {
        _origin.Serve("/broken", new OriginFile { Body = [1], Status = 500 });

        using var missing = await FetchAsync(_origin.Url("/nothing-here.wav"));
        using var broken = await FetchAsync(_origin.Url("/broken"));

        (await missing.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("message").GetString().Should().Contain("404");
        (await broken.ShouldBeProblemAsync(HttpStatusCode.BadGateway)).GetProperty("code").GetInt32().Should().Be(11200);
    }

    [Theory]
    [InlineData("", "Url")]
    [InlineData("ftp://example.com/a.wav", "Url")]
    [InlineData("not a url", "Url")]
    [InlineData("http://user:secret@example.com/a.wav", "Url")]
    public async Task A_bad_url_is_a_400_naming_it(string url, string field)
    {
        using var response = await _tenant.Client.GetAsync($"/v1/Media/Fetch?Url={Uri.EscapeDataString(url)}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_naming_it()
    {
        using var response = await FetchAsync("http://example.com/a.wav", "gsm");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("Format", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Redirect_answers_302_to_the_persistent_address()
    {
        _origin.Serve("/redirect.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = TelephonyApp.BasicHeader(_tenant.AccountSid, _tenant.AuthToken);

        using var response = await client.GetAsync(FetchPath(_origin.Url("/redirect.wav")) + "&Redirect=true");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.AbsolutePath.Should().MatchRegex("^/v1/Media/Content/[0-9a-f]{64}\\.wav$");
        using var anonymous = app.CreateClient();
        var body = await anonymous.GetByteArrayAsync(location.AbsolutePath);
        Sha(body).Should().Be(location.AbsolutePath[18..82]);
    }

    [Fact]
    public async Task Fetch_needs_credentials()
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(FetchPath("http://example.com/a.wav"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
