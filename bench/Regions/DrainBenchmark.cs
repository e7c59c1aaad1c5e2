using System.Diagnostics;
using System.Globalization;

namespace Telephony.Regions.Bench;

/// <summary>
/// Two regions as two processes. A tenant of ie1 records a session whose media is in us1; ie1
/// is down while the endpoint streams 60 s of audio (faster than real time), so all of it is
/// buffered in us1. ie1 comes back; the time from ie1 ready to the recording completed is the
/// drain time of a 60 s backlog. The WAV is then checked byte for byte.
/// </summary>
internal static class DrainBenchmark
{
    private const string Token = "bench-peer-token";

    public static async Task<int> RunAsync(Options options)
    {
        var seconds = options.Int("seconds", 60);
        var dll = options.HostDll;
        var us1Data = Directory.CreateTempSubdirectory("regions-bench-us1-").FullName;
        var ie1Data = Directory.CreateTempSubdirectory("regions-bench-ie1-").FullName;
        Console.WriteLine($"data folders (delete after the run): {us1Data} {ie1Data}");
        var (us1Port, ie1Port) = (options.Int("port", 5392), options.Int("port", 5392) + 1);
        Dictionary<string, string> Settings(string local) => new()
        {
            ["Regions:Local"] = local,
            ["Regions:PeerToken"] = Token,
            ["Regions:Catalog:0:Id"] = "us1",
            ["Regions:Catalog:0:BaseUrl"] = $"http://127.0.0.1:{us1Port}",
            ["Regions:Catalog:1:Id"] = "ie1",
            ["Regions:Catalog:1:BaseUrl"] = $"http://127.0.0.1:{ie1Port}",
            ["Regions:UploadRetryMs"] = "100",
            ["Hangfire:ServerEnabled"] = "false",
        };

        await using var us1 = await HostProcess.StartAsync(dll, us1Port, us1Data, Settings("us1"));
        var ie1 = await HostProcess.StartAsync(dll, ie1Port, ie1Data, Settings("ie1"));
        using var tenant = await Api.TenantAsync(ie1);
        var (sid, token) = ((string)null!, tenant.DefaultRequestHeaders.Authorization!);
        var session = await Api.PostAsync(tenant, "v1/Sessions", ("MediaRegion", "us1"));
        sid = session.GetProperty("sid").GetString()!;
        var recording = (await Api.PostAsync(tenant, $"v1/Sessions/{sid}/Requirements", ("Add", "record"))).GetProperty("recordings")[0].GetString()!;
        await ie1.DisposeAsync();

        var audio = new byte[seconds * 50 * 160];
        new Random(11).NextBytes(audio);
        await using (var sender = new MediaSender())
        {
            await sender.ConnectAsync(session.GetProperty("media_stream_url").GetString()!);
            for (var k = 1; k <= seconds * 50; k++)
            {
                await sender.SendFrameAsync(k, audio.AsSpan((k - 1) * 160, 160));
            }

            await sender.StopAsync();
        }

        await using var back = await HostProcess.StartAsync(dll, ie1Port, ie1Data, Settings("ie1"));
        var clock = Stopwatch.StartNew();
        using var again = back.Client();
        again.DefaultRequestHeaders.Authorization = token;
        while (true)
        {
            var state = await Api.GetAsync(again, $"v1/Recordings/{recording}");
            if (state.GetProperty("status").GetString() == "completed")
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"The backlog did not drain: {state}");
            }

            await Task.Delay(10);
        }

        var drained = clock.Elapsed;
        var wav = await again.GetByteArrayAsync($"v1/Recordings/{recording}/Content");
        var identical = wav.AsSpan(58).SequenceEqual(audio);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backlog={seconds} s ({audio.Length} bytes, {seconds} chunks) drained in {drained.TotalMilliseconds:F0} ms after the home region was ready: {seconds / drained.TotalSeconds:F1}x real time; WAV identical={identical}"));
        return identical ? 0 : 1;
    }
}
