namespace Telephony.Regions.Data;

/// <summary>
/// A placement on another region's resource whose release could not be delivered (the link was
/// down). Kept until that region acknowledges it, so its capacity is not held there forever.
/// </summary>
internal sealed class PendingRelease
{
    public required string PlacementSid { get; init; }

    /// <summary>The region holding the resource, where the release must arrive.</summary>
    public required string Region { get; init; }

    public required string LegSid { get; init; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime NextAttempt { get; set; }

    public DateTime DateCreated { get; init; }
}
