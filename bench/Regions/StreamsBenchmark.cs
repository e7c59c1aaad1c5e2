using System.Diagnostics;
using System.Globalization;

namespace Telephony.Regions.Bench;

/// <summary>
/// N endpoints each send a 20 ms frame every 20 ms (real time) to one host process over real
/// WebSockets, every session recording (frames go to the durable buffer). Every 50th frame is
/// followed by a mark, each endpoint at its own phase (500 marks in the same 20 ms would be a
/// burst of the probe's own making); the mark's echo comes once the host has handled every frame before it,
/// so mark round trips bound the frame handling latency from above (they include loopback and
/// the client's own queueing; the load driver shares the machine's cores with the host).
/// </summary>
internal static class StreamsBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var streams = options.Int("streams", 500);
        var seconds = options.Int("seconds", 20);
        // Streamed first and not counted: the host's JIT tiers its frame path up in the first seconds.
        var warmupSeconds = options.Int("warmup-seconds", 5);
        var record = options.Text("record", "true") == "true";
        var data = Directory.CreateTempSubdirectory("regions-bench-streams-").FullName;
        Console.WriteLine($"data folder (delete after the run): {data}");
        await using var host = await HostProcess.StartAsync(options.HostDll, options.Int("port", 5391), data, new Dictionary<string, string>
        {
            ["Regions:Local"] = "us1",
            ["Regions:BuiltIn:Recorder"] = (streams * 2).ToString(CultureInfo.InvariantCulture),
            ["Hangfire:ServerEnabled"] = "false",
            ["Regions:BufferSyncMs"] = options.Text("buffer-sync-ms", "200"),
        });
        using var tenant = await Api.TenantAsync(host);
        var urls = new List<(string Sid, string Url)>();
        for (var i = 0; i < streams; i++)
        {
            var session = await Api.PostAsync(tenant, "v1/Sessions");
            var sid = session.GetProperty("sid").GetString()!;
            if (record)
            {
                await Api.PostAsync(tenant, $"v1/Sessions/{sid}/Requirements", ("Add", "record"));
            }

            urls.Add((sid, Api.ToLoopback(session.GetProperty("media_stream_url").GetString()!, host)));
        }

        var endpoints = new List<RawEndpoint>();
        foreach (var (_, url) in urls)
        {
            endpoints.Add(await RawEndpoint.ConnectAsync(new Uri(url)));
        }

        var frame = new byte[160];
        new Random(5).NextBytes(frame);
        var frames = seconds * 50;
        var warmupFrames = warmupSeconds * 50;
        var clock = Stopwatch.StartNew();
        var cpuBefore = TimeSpan.Zero;
        var counting = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(warmupSeconds));
            cpuBefore = host.CpuTime;
        });
        var receiving = endpoints.Select(e => e.ReceiveUntilClosedAsync()).ToList();
        var lags = new List<double>(streams * frames);
        await Task.Factory.StartNew(() => SendOnSchedule(endpoints, frame, warmupFrames, frames, clock, lags), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await counting;
        var wall = clock.Elapsed - TimeSpan.FromSeconds(warmupSeconds);
        var cpu = host.CpuTime - cpuBefore;
        foreach (var endpoint in endpoints)
        {
            endpoint.SendStop();
        }

        // The host answers a stop by closing the socket once the stream is stored.
        await Task.WhenAll(receiving).WaitAsync(TimeSpan.FromSeconds(30));

        long received = 0;
        foreach (var (sid, _) in urls)
        {
            received += (await Api.GetAsync(tenant, $"v1/Sessions/{sid}")).GetProperty("frames").GetProperty("received").GetInt64();
        }

        var roundTrips = endpoints.SelectMany(e => e.MarkRoundTripsMs).ToList();
        if (options.Text("marks-csv", "") is { Length: > 0 } marksFile)
        {
            // Every counted mark as (seconds since the driver started, round trip ms): shows whether slow marks come together.
            var started = Stopwatch.GetTimestamp() - clock.Elapsed.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            await File.WriteAllLinesAsync(marksFile, endpoints
                .SelectMany(e => e.MarkSentAt.Zip(e.MarkRoundTripsMs, (at, ms) => (Seconds: (double)(at - started) / Stopwatch.Frequency, Ms: ms)))
                .OrderBy(m => m.Seconds)
                .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Seconds:F4},{m.Ms:F2}")));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            streams={streams} seconds={seconds} record={record} cores={Environment.ProcessorCount}
            frames sent={streams * (warmupFrames + frames)} ({warmupSeconds} s of warm-up not counted below) handled by the host={received} ({100.0 * received / (streams * (warmupFrames + frames)):F2}%)
            mark round trip (frame handling upper bound) ms: p50={Percentiles.Of(roundTrips, 50):F2} p99={Percentiles.Of(roundTrips, 99):F2} max={roundTrips.Max():F2} (n={roundTrips.Count})
            sender lag behind the 20 ms schedule ms: p50={Percentiles.Of(lags, 50):F2} p99={Percentiles.Of(lags, 99):F2}
            host CPU: {cpu.TotalSeconds / wall.TotalSeconds:F2} cores over {wall.TotalSeconds:F1} s
            """));
        foreach (var endpoint in endpoints)
        {
            endpoint.Dispose();
        }

        return 0;
    }

    /// <summary>
    /// One thread sends every endpoint's frames, endpoint i at i/N of each 20 ms so that sends stay
    /// spread evenly (a real endpoint is its own machine; here the driver shares the host's two
    /// cores, so it spends as little of them as it can). Every 50th frame is followed by a mark,
    /// each endpoint at its own phase. It sleeps while the next send is a millisecond or more away
    /// (the sleep's granularity), so a send may go up to that much early.
    /// </summary>
    private static void SendOnSchedule(List<RawEndpoint> endpoints, byte[] frame, int warmupFrames, int frames, Stopwatch clock, List<double> lags)
    {
        var count = endpoints.Count;
        for (var k = 1; k <= warmupFrames + frames; k++)
        {
            var counted = k > warmupFrames;
            for (var index = 0; index < count; index++)
            {
                var due = TimeSpan.FromMilliseconds(20.0 * k + 20.0 * index / count);
                for (var ahead = due - clock.Elapsed; ahead >= TimeSpan.FromMilliseconds(1); ahead = due - clock.Elapsed)
                {
                    Thread.Sleep((int)ahead.TotalMilliseconds);
                }

                if (counted)
                {
                    lags.Add((clock.Elapsed - due).TotalMilliseconds);
                }

                endpoints[index].SendFrame(k, frame);
                if ((k + index) % 50 == 0)
                {
                    endpoints[index].SendMark($"m{k}", counted);
                }
            }
        }
    }

}
