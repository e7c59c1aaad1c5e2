using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Data;

internal enum SessionStatus
{
    InProgress,
    Completed,
}

/// <summary>A communication session, kept in its signaling region (the tenant's home).</summary>
internal sealed class Session : IListable
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public required string MediaRegion { get; init; }

    public string? Edge { get; init; }

    public required string LegSid { get; init; }

    public required string StreamUrl { get; init; }

    public SessionStatus Status { get; set; }

    /// <summary>The media leg as last reported by the media region (kept for when it is unreachable).</summary>
    public required string LegJson { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}

/// <summary>A recording held by this region's central media service.</summary>
internal sealed class Recording : IListable
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public required string SessionSid { get; init; }

    /// <summary>The media region that buffers and tunnels the branch here.</summary>
    public required string SourceRegion { get; init; }

    /// <summary>Bytes received and acknowledged (the tus offset).</summary>
    public long Offset { get; set; }

    /// <summary>The highest chunk sequence applied: a replay at or below it is acknowledged without appending.</summary>
    public long LastSequence { get; set; }

    /// <summary>The final length, once the media region declared it.</summary>
    public long? Length { get; set; }

    /// <summary>Chunks the media region said it still held at the last append.</summary>
    public int Backlog { get; set; }

    public DateTime? LastAppend { get; set; }

    /// <summary>When the upload was given up as abandoned (tus' expiration): no further appends are taken.</summary>
    public DateTime? DateExpired { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}
