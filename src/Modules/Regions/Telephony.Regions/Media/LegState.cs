using System.Text.Json;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Media;

/// <summary>The evolving state of a media leg, stored as one JSON document on the leg's row.</summary>
internal sealed class LegState
{
    public List<string> Requirements { get; set; } = [];

    public List<LegPlacement> Placements { get; set; } = [];

    public List<Failover> Failovers { get; set; } = [];

    public List<string> Explain { get; set; } = [];

    public FrameCounters Frames { get; set; } = new();

    public List<string> Recordings { get; set; } = [];

    public static LegState Parse(string json) => JsonSerializer.Deserialize<LegState>(json, TwilioJson.Options) ?? new LegState();

    public string ToJson() => JsonSerializer.Serialize(this, TwilioJson.Options);
}

internal sealed class LegPlacement
{
    public required string PlacementSid { get; set; }

    public required string Requirement { get; set; }

    public ResourceKind Kind { get; set; }

    public required string ResourceSid { get; set; }

    public required string Region { get; set; }

    public int LatencyMs { get; set; }

    public bool Active { get; set; }

    public string? RecordingSid { get; set; }
}

internal sealed record Failover(string Requirement, string FromResource, string FromRegion, string? ToResource, string? ToRegion, string Reason, string At);

internal sealed class FrameCounters
{
    public long Received { get; set; }

    public long OutOfOrder { get; set; }

    public long Missing { get; set; }

    public long Marks { get; set; }
}

/// <summary>One step of the media path, from the endpoint to where its media ends up.</summary>
internal sealed record Hop(string Type, string Region, string? Name, string? Kind, int LatencyMs);

/// <summary>The media leg as the media region reports it (to the signaling region and in the session resource).</summary>
internal sealed record LegSnapshot(
    string LegSid,
    string SessionSid,
    string Status,
    string MediaRegion,
    string SignalingRegion,
    string? Edge,
    string StreamUrl,
    IReadOnlyList<string> Requirements,
    IReadOnlyList<LegPlacement> Placements,
    IReadOnlyList<Hop> Hops,
    IReadOnlyList<Failover> Failovers,
    IReadOnlyList<string> Explain,
    FrameCounters Frames);
