using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Regions.Tests.Support;

/// <summary>One region's host: the real host with its own data folder, its peer client wired to the router.</summary>
public sealed class RegionApp(string region, PeerRouter router, IDictionary<string, string?> settings, string? dataPath = null)
    : TelephonyApp(settings, dataPath)
{
    public string Region { get; } = region;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient("regions-peer").ConfigurePrimaryHttpMessageHandler(() => new RouterHandler(router)));
    }
}

/// <summary>A deployment of several regions in this test process, each a host of its own.</summary>
public sealed class Deployment : IDisposable
{
    public const string PeerToken = "test-peer-token-0123456789";

    private static readonly string[] Known = ["us1", "ie1", "au1"];
    private readonly Dictionary<string, IDictionary<string, string?>> _settings = [];

    public Deployment(params (string Region, IDictionary<string, string?>? Extra)[] regions)
    {
        foreach (var (region, extra) in regions)
        {
            var settings = Common(region, regions.Select(r => r.Region));
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            _settings[region] = settings;
            Hosts[region] = Start(region, null);
        }
    }

    public PeerRouter Router { get; } = new();

    public Dictionary<string, RegionApp> Hosts { get; } = [];

    public RegionApp this[string region] => Hosts[region];

    /// <summary>Stops a region's process and starts it again on the same data folder (changed by <paramref name="whileDown"/>, given it, in between).</summary>
    public RegionApp Restart(string region, Action<string>? whileDown = null)
    {
        var old = Hosts[region];
        Router.Unroute(region);
        var dataPath = old.DataPath;
        old.Dispose();
        whileDown?.Invoke(dataPath);
        Hosts[region] = Start(region, dataPath);
        return Hosts[region];
    }

    public void Dispose()
    {
        var paths = Hosts.Values.Select(h => h.DataPath).ToList();
        foreach (var host in Hosts.Values)
        {
            host.Dispose();
        }

        foreach (var path in paths)
        {
            TelephonyApp.TryDelete(path);
        }
    }

    private RegionApp Start(string region, string? dataPath)
    {
        var app = new RegionApp(region, Router, _settings[region], dataPath ?? TelephonyApp.NewDataPath());
        _ = app.Server;
        Router.Route(region, app);
        return app;
    }

    private static Dictionary<string, string?> Common(string local, IEnumerable<string> present)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Regions:Local"] = local,
            ["Regions:PeerToken"] = PeerToken,
            ["Regions:MonitorIntervalMs"] = "200",
            ["Regions:UploadRetryMs"] = "200",
            ["Regions:PeerAttemptTimeoutSeconds"] = "15",
            ["Regions:PeerTotalTimeoutSeconds"] = "30",
            ["Hangfire:ServerEnabled"] = "false",
        };
        var i = 0;
        foreach (var region in Known.Where(present.Contains))
        {
            settings[$"Regions:Catalog:{i}:Id"] = region;
            settings[$"Regions:Catalog:{i}:BaseUrl"] = $"http://{region}.test";
            i++;
        }

        return settings;
    }
}
