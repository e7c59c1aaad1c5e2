using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// A small HTTP load driver for the media cache benchmark (run.sh drives it).
//   load <url> <seconds> <concurrency> [sid:token]   -> requests/s over keep-alive connections
//   fetch <url> [sid:token]                          -> wall time of one request, in ms (after a warm-up request)
//   burst <url> <count> [sid:token]                  -> wall time of <count> concurrent requests
var mode = args[0];
var url = args[1];
var credentials = args.Length > 0 ? args.FirstOrDefault(a => a.Contains(':', StringComparison.Ordinal) && !a.StartsWith("http", StringComparison.Ordinal)) : null;
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AllowAutoRedirect = false };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
if (credentials is not null)
{
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}

switch (mode)
{
    case "load":
        await LoadAsync(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        break;
    case "fetch":
        // A fresh process's first request pays for JIT-compiling the HTTP stack and connecting:
        // warm both on the same host first, so only the layer's work is timed.
        using (var warm = await client.GetAsync(new Uri(new Uri(url), "/health/live")))
        {
            await warm.Content.ReadAsByteArrayAsync();
        }

        var started = Stopwatch.GetTimestamp();
        using (var response = await client.GetAsync(new Uri(url)))
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"status\":{(int)response.StatusCode},\"bytes\":{body.Length},\"ms\":{Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0},\"cache\":\"{string.Join(",", response.Headers.TryGetValues("X-Cache", out var c) ? c : [])}\"}}"));
        }

        break;
    case "burst":
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var start = Stopwatch.GetTimestamp();
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var response = await client.GetAsync(new Uri(url));
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"count\":{count},\"ok\":{statuses.Count(s => s == 200)},\"ms\":{Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.0}}}"));
        break;
    default:
        throw new ArgumentException($"unknown mode {mode}");
}

async Task LoadAsync(int seconds, int concurrency)
{
    var uri = new Uri(url);
    // Warm up (connections, and the JIT's optimised tiers on our side) as long as a measured
    // run lasts, up to 3 s, so the measurement sees the steady state of both servers.
    var warmup = await RunAsync(uri, concurrency, TimeSpan.FromSeconds(Math.Min(seconds, 3)));
    var begin = Stopwatch.GetTimestamp();
    var (completed, failed, bytes) = await RunAsync(uri, concurrency, TimeSpan.FromSeconds(seconds));
    var elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"rps\":{completed / elapsed:0},\"completed\":{completed},\"failed\":{failed},\"mb_per_s\":{bytes / elapsed / 1e6:0.0},\"seconds\":{elapsed:0.0},\"warmup\":{warmup.Completed + warmup.Failed}}}"));
}

async Task<(long Completed, long Failed, long Bytes)> RunAsync(Uri uri, int concurrency, TimeSpan duration)
{
    long completed = 0, failed = 0, bytes = 0;
    using var stop = new CancellationTokenSource(duration);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var buffer = new byte[81920];
        while (!stop.IsCancellationRequested)
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref bytes, read);
            }

            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref completed : ref failed);
        }
    }));
    return (completed, failed, bytes);
}
