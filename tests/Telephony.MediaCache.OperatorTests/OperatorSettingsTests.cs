using System.Net;
using Telephony.MediaCache.Tests.Support;

namespace Telephony.MediaCache.Tests.Media;

/// <summary>Behaviour that depends on the operator's settings or on the process: each test runs its own host.</summary>
public sealed class OperatorSettingsTests : IAsyncLifetime
{
    private Origin _origin = null!;

    public async Task InitializeAsync() => _origin = await Origin.StartAsync();

    public async Task DisposeAsync() => await _origin.DisposeAsync();

    private static string Fetch(string url) => $"/v1/Media/Fetch?Url={Uri.EscapeDataString(url)}";

    [Fact]
    public async Task A_loopback_origin_is_refused_unless_the_operator_allows_private_addresses()
    {
        _origin.Serve("/internal.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var app = MediaApp.With(new Dictionary<string, string?> { ["Outbound:AllowPrivateAddresses"] = "false" });
        using var tenant = await app.CreateTenantAsync();

        using var response = await tenant.Client.GetAsync(Fetch(_origin.Url("/internal.wav")));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetInt32().Should().Be(11200);
        problem.GetProperty("message").GetString().Should().Contain("Refused to connect");
        _origin.Count("/internal.wav").Should().Be(0);
    }

    [Fact]
    public async Task Eviction_keeps_the_store_under_budget_and_keeps_pinned_media()
    {
        // Each 2 s mu-law file is 16,058 bytes: a 40,000 byte budget holds two of them.
        using var app = MediaApp.With(new Dictionary<string, string?> { ["MediaCache:MaxBytes"] = "40000" });
        using var tenant = await app.CreateTenantAsync();
        for (var i = 0; i < 4; i++)
        {
            _origin.Serve($"/e{i}.wav", new OriginFile { Body = TestAudio.Tone(2, 2000 + i) });
        }

        var pinned = await MediaApi.CreateAsync(tenant.Client, _origin.Url("/e0.wav"), pinned: true);
        await MediaApi.WaitForStatusAsync(tenant.Client, pinned.Sid(), "ready");
        for (var i = 1; i < 4; i++)
        {
            using var response = await tenant.Client.GetAsync(Fetch(_origin.Url($"/e{i}.wav")));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await Audio.WaitUntilAsync(
            async () => (await MediaApi.StatisticsAsync(tenant.Client)).GetProperty("store_bytes").GetInt64() <= 40000,
            "the eviction job to bring the store under its budget");
        var statistics = await MediaApi.StatisticsAsync(tenant.Client);
        statistics.GetProperty("evictions").GetInt64().Should().BeGreaterThanOrEqualTo(2);
        statistics.GetProperty("media").GetProperty("evicted").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        var kept = await MediaApi.GetAsync(tenant.Client, pinned.Sid());
        kept.GetProperty("status").GetString().Should().Be("ready");
        using var content = await app.CreateClient().GetAsync(new Uri(kept.GetProperty("content_url").GetString()!).AbsolutePath);
        content.StatusCode.Should().Be(HttpStatusCode.OK);
        using var oldest = await tenant.Client.GetAsync(Fetch(_origin.Url("/e1.wav")));
        oldest.Headers.GetValues("X-Cache").Single().Should().Be("MISS", "the least recently used media was evicted");
    }

    [Fact]
    public async Task A_restart_keeps_the_cache_and_the_resources()
    {
        _origin.Serve("/kept.wav", new OriginFile { Body = TestAudio.ToneWav, ETag = "\"k\"" });
        var dataPath = TelephonyApp.NewDataPath();
        string mediaSid;
        byte[] before;
        Tenant tenant;
        using (var first = MediaApp.With(null, dataPath))
        {
            tenant = await first.CreateTenantAsync();
            using var response = await tenant.Client.GetAsync(Fetch(_origin.Url("/kept.wav")));
            mediaSid = response.Headers.GetValues("X-Media-Sid").Single();
            before = await response.Content.ReadAsByteArrayAsync();
        }

        using var second = MediaApp.With(null, dataPath);
        using var client = second.CreateClient(tenant.AccountSid, tenant.AuthToken);
        using var again = await client.GetAsync(Fetch(_origin.Url("/kept.wav")));

        again.Headers.GetValues("X-Cache").Single().Should().Be("HIT");
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(before);
        again.Headers.GetValues("X-Media-Sid").Single().Should().Be(mediaSid);
        _origin.Count("/kept.wav").Should().Be(1);
        (await MediaApi.GetAsync(client, mediaSid)).GetProperty("status").GetString().Should().Be("ready");
        TelephonyApp.TryDelete(dataPath);
    }

    [Fact]
    public async Task A_job_interrupted_by_a_shutdown_finishes_after_the_restart()
    {
        var slow = _origin.Serve("/slow.wav", new OriginFile { Body = TestAudio.Tone(2, 3001), Delay = TimeSpan.FromSeconds(4) });
        var dataPath = TelephonyApp.NewDataPath();
        string mediaSid;
        Tenant tenant;
        using (var first = MediaApp.With(null, dataPath))
        {
            tenant = await first.CreateTenantAsync();
            mediaSid = (await MediaApi.CreateAsync(tenant.Client, _origin.Url("/slow.wav"))).Sid();
            await Audio.WaitUntilAsync(() => Task.FromResult(_origin.Count("/slow.wav") == 1), "the job to start fetching");
        }

        slow.Delay = TimeSpan.Zero;
        using var second = MediaApp.With(null, dataPath);
        using var client = second.CreateClient(tenant.AccountSid, tenant.AuthToken);

        var ready = await MediaApi.WaitForStatusAsync(client, mediaSid, "ready");
        ready.GetProperty("duration_ms").GetInt32().Should().BeCloseTo(2000, 20);
        Directory.EnumerateFiles(Path.Combine(dataPath, "media", "tmp")).Should().BeEmpty("no half-written file is left behind");
        TelephonyApp.TryDelete(dataPath);
    }

    [Fact]
    public async Task A_transient_origin_failure_is_retried_only_up_to_the_bound()
    {
        _origin.Serve("/down.wav", new OriginFile { Body = [0], Status = 503 });
        using var app = MediaApp.With(new Dictionary<string, string?> { ["MediaCache:MaxAttempts"] = "1" });
        using var tenant = await app.CreateTenantAsync();

        var created = await MediaApi.CreateAsync(tenant.Client, _origin.Url("/down.wav"));

        var failed = await MediaApi.WaitForStatusAsync(tenant.Client, created.Sid(), "failed");
        failed.GetProperty("error_code").GetInt32().Should().Be(11200);
        failed.GetProperty("error_message").GetString().Should().Contain("503");
    }

    [Fact]
    public async Task An_origin_file_over_the_size_limit_is_refused()
    {
        _origin.Serve("/big.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var app = MediaApp.With(new Dictionary<string, string?> { ["MediaCache:MaxSourceBytes"] = "1000" });
        using var tenant = await app.CreateTenantAsync();

        using var response = await tenant.Client.GetAsync(Fetch(_origin.Url("/big.wav")));

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("message").GetString().Should().Contain("MaxSourceBytes");
    }

    [Fact]
    public async Task Media_longer_than_the_limit_is_refused()
    {
        _origin.Serve("/long.wav", new OriginFile { Body = TestAudio.ToneWav });
        using var app = MediaApp.With(new Dictionary<string, string?> { ["MediaCache:MaxDuration"] = "00:00:01" });
        using var tenant = await app.CreateTenantAsync();

        using var response = await tenant.Client.GetAsync(Fetch(_origin.Url("/long.wav")));

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("message").GetString().Should().Contain("MaxDuration");
    }
}
