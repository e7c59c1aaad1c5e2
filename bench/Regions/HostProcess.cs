using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Telephony.Regions.Bench;

/// <summary>The real host as a child process on loopback, as an operator runs it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The runtime switch that runs socket completions on the socket engine's thread (the driver's, never the host's).</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public const string BootstrapSid = "AC0123456789abcdef0123456789abcdef";
    public const string BootstrapToken = "0123456789abcdef0123456789abcdef";

    private static readonly string[] RegionsChecks = ["database:accounts", "database:regions"];
    private readonly Process _process;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<HostProcess> StartAsync(string dll, int port, string dataPath, IDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--Telephony:DataPath={dataPath}");
        info.ArgumentList.Add($"--Bootstrap:AccountSid={BootstrapSid}");
        info.ArgumentList.Add($"--Bootstrap:AuthToken={BootstrapToken}");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment.Remove(InlineCompletions);

        // BENCH_HOST_X=v in the driver's environment becomes X=v in the host's only (runtime switches to compare).
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("BENCH_HOST_", StringComparison.Ordinal)))
        {
            info.Environment[name["BENCH_HOST_".Length..]] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { Console.Error.WriteLine($"[{port}] {line.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var probe = new HttpClient { BaseAddress = host.BaseAddress };
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if (await IsReadyForRegionsAsync(probe))
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The host on port {port} did not become ready.");
    }

    /// <summary>
    /// Ready when the databases these benchmarks use answer. The ffmpeg check (MediaCache's) is left
    /// out: on a loaded machine <c>ffmpeg -version</c> can outlast its timeout, and no Regions
    /// benchmark uses ffmpeg.
    /// </summary>
    private static async Task<bool> IsReadyForRegionsAsync(HttpClient probe)
    {
        using var response = await probe.GetAsync("health/ready");
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        using var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.TryGetProperty("checks", out var checks)
            && RegionsChecks.All(name =>
                checks.TryGetProperty(name, out var check) && check.GetProperty("status").GetString() == "Healthy");
    }

    public HttpClient Client(string sid = BootstrapSid, string token = BootstrapToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sid}:{token}")));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
