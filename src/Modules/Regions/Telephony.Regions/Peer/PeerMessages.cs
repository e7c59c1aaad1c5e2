using Telephony.Regions.Selection;

namespace Telephony.Regions.Peer;

/// <summary>A region's resources as its peers see them (for selection and <c>GET /v1/Regions</c>).</summary>
internal sealed record CapacityReport(string Region, IReadOnlyList<PeerResource> Resources);

internal sealed record PeerResource(string Sid, ResourceKind Kind, int Capacity, int Used, bool Healthy, bool Draining);

/// <summary>Idempotent per placement sid: a retried request finds the placement already made.</summary>
internal sealed record PlacementRequest(string PlacementSid, string ResourceSid, string LegSid, string LegRegion);

/// <summary>Idempotent per session sid: a retried request returns the leg already opened.</summary>
internal sealed record OpenLegRequest(string SessionSid, string AccountSid, string SignalingRegion, string? Edge);

/// <summary>Add or remove one requirement; a recording carries the sid the signaling region gave it.</summary>
internal sealed record RequirementRequest(string? Add, string? Remove, string? RecordingSid);
