using Hangfire;
using Hangfire.Logging;
using Microsoft.Extensions.Hosting;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>
/// The shared host fixture, with a parameterless constructor (xunit class fixtures need one) and
/// one fix for hosting several hosts in one process: Hangfire's log provider is process-wide and
/// each host points it at its own logger factory when it starts, so disposing that host would
/// break every other host's job server. After each start it is pointed at a silent provider
/// that belongs to no host.
/// </summary>
public sealed class MediaApp : TelephonyApp
{
    public MediaApp()
        : this(null, null)
    {
    }

    private MediaApp(IDictionary<string, string?>? settings, string? dataPath)
        : base(settings, dataPath)
    {
    }

    /// <summary>A host with its own settings, or a restart over an earlier host's data folder.</summary>
    public static MediaApp With(IDictionary<string, string?>? settings, string? dataPath = null) => new(settings, dataPath);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        GlobalConfiguration.Configuration.UseLogProvider(new SilentLogProvider());
        return host;
    }

    private sealed class SilentLogProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new SilentLog();
    }

    private sealed class SilentLog : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

/// <summary>
/// The classes that share one host. Hosts that overlap in one process stop each other's job
/// servers (Hangfire keeps process-wide state), so the shared-host classes run as one collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedHost : ICollectionFixture<MediaApp>
{
    public const string Name = "shared media host";
}
