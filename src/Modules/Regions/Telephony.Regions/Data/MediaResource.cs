using Telephony.Regions.Selection;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Data;

/// <summary>A media resource of this region: built in (from configuration) or registered by the operator.</summary>
internal sealed class MediaResource : IListable
{
    public required string Sid { get; init; }

    public ResourceKind Kind { get; init; }

    public required string FriendlyName { get; set; }

    public int Capacity { get; set; }

    /// <summary>Built-in resources are this process; they are healthy while it runs and never heartbeat.</summary>
    public bool BuiltIn { get; init; }

    public bool Draining { get; set; }

    /// <summary>The load the resource reported at its last heartbeat.</summary>
    public int ReportedLoad { get; set; }

    public DateTime? LastHeartbeat { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}

/// <summary>A session's hold on a resource of this region (the leg may live in another region).</summary>
internal sealed class ResourcePlacement
{
    public required string Sid { get; init; }

    public required string ResourceSid { get; init; }

    public required string LegSid { get; init; }

    public required string LegRegion { get; init; }

    public bool Active { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime? DateReleased { get; set; }
}
