using System.ComponentModel.DataAnnotations;

namespace Telephony.Regions.Catalog;

/// <summary>
/// The <c>Regions</c> section. The names are part of the product's surface (operators' scripts
/// set them on the command line), so they are kept exactly: <c>Regions:Local</c>,
/// <c>Regions:Catalog:{i}:Id|BaseUrl|Latitude|Longitude|Group</c>, <c>Regions:PeerToken</c>,
/// <c>Regions:LatencyMs:{a}:{b}</c>, <c>Regions:Edges:{edge}</c>.
/// </summary>
internal sealed class RegionsOptions
{
    public const string Section = "Regions";

    public string Local { get; set; } = "us1";

    public List<RegionEntry> Catalog { get; set; } = [];

    /// <summary>The shared secret on every region-to-region call; empty refuses all peer calls.</summary>
    public string PeerToken { get; set; } = string.Empty;

    public Dictionary<string, Dictionary<string, int>> LatencyMs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Edges { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Capacity of this process's built-in resources by kind (<c>Regions:BuiltIn:Recorder</c>).</summary>
    public Dictionary<string, int> BuiltIn { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registered resource whose last heartbeat is older than this is unhealthy.</summary>
    [Range(0.1, 86_400)]
    public double HeartbeatTimeoutSeconds { get; set; } = 15;

    /// <summary>How often placements on unhealthy resources are looked for and failed over.</summary>
    [Range(50, 600_000)]
    public int MonitorIntervalMs { get; set; } = 1000;

    /// <summary>How long the uploader waits before trying a failed link again.</summary>
    [Range(10, 3_600_000)]
    public int UploadRetryMs { get; set; } = 1000;

    /// <summary>
    /// Frames per buffered chunk (250 frames of 20 ms = five seconds of audio). Each chunk is a file
    /// created, uploaded and deleted: at 500 streams, one-second chunks cost the file system a fifth
    /// of a core more than five-second ones (docs/benchmarks-regions.md); marks do not wait for them.
    /// </summary>
    [Range(1, 15_000)]
    public int FramesPerChunk { get; set; } = 250;

    /// <summary>
    /// How often what the media buffers wrote is flushed to the disk (one flush for all of it).
    /// A frame whose mark was answered survives a crash of the process at once, and a crash of
    /// the machine once this much time (plus one flush) has passed.
    /// </summary>
    [Range(1, 60_000)]
    public int BufferSyncMs { get; set; } = 200;

    /// <summary>Threads writing the media buffers; a branch always uses the same one, so its chunks stay in order.</summary>
    [Range(1, 64)]
    public int BufferLanes { get; set; } = 4;

    /// <summary>First wait before delivering again a release of another region's placement that failed (doubling per attempt, up to 5 minutes).</summary>
    [Range(50, 3_600_000)]
    public int ReleaseRetryMs { get; set; } = 5000;

    /// <summary>An upload that is not complete and has received nothing for this long is expired (tus' expiration).</summary>
    [Range(0.01, 525_600)]
    public double UploadExpiryMinutes { get; set; } = 24 * 60;

    /// <summary>When the expiry job runs (cron).</summary>
    public string UploadExpirySchedule { get; set; } = "*/10 * * * *";

    /// <summary>Per-attempt timeout of a peer call; the resilience pipeline retries within <see cref="PeerTotalTimeoutSeconds"/>.</summary>
    [Range(0.1, 600)]
    public double PeerAttemptTimeoutSeconds { get; set; } = 2;

    [Range(0.1, 3_600)]
    public double PeerTotalTimeoutSeconds { get; set; } = 6;
}

internal sealed class RegionEntry
{
    public string Id { get; set; } = string.Empty;

    public string? BaseUrl { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Group { get; set; }
}
