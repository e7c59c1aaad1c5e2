namespace Telephony.Regions.Data;

internal enum LegStatus
{
    Open,
    Completed,
}

/// <summary>
/// The media side of a session, in its media region. Its evolving state (requirements,
/// placements, hops, failovers, the explain, frame counters) is one JSON document: it is read
/// and written whole, under the leg's lock.
/// </summary>
internal sealed class MediaLeg
{
    public required string Sid { get; init; }

    public required string SessionSid { get; init; }

    public required string AccountSid { get; init; }

    public required string SignalingRegion { get; init; }

    public string? Edge { get; init; }

    /// <summary>SHA-256 of the secret in the stream address: the endpoint has no account in this region.</summary>
    public required string StreamTokenHash { get; init; }

    public required string StreamUrl { get; init; }

    public LegStatus Status { get; set; }

    public required string StateJson { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}

/// <summary>A recording branch being buffered here and tunneled to the signaling region's central media service.</summary>
internal sealed class TunnelBranch
{
    public required string RecordingSid { get; init; }

    public required string LegSid { get; init; }

    public required string TargetRegion { get; init; }

    /// <summary>The last frame the far side has acknowledged (its chunk is deleted here).</summary>
    public long AckedThroughFrame { get; set; }

    /// <summary>No more frames will come: once the buffer is empty the upload is finished.</summary>
    public bool Closed { get; set; }

    public bool Completed { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}
