using System.Text.Json;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal sealed record MediaPath(IReadOnlyList<Hop> Hops, IReadOnlyList<Failover> Failovers);

/// <summary>A session as <c>/v1/Sessions</c> writes it: both regions, requirements, the media path and the explain.</summary>
internal sealed record SessionResource(
    string Sid,
    string AccountSid,
    string Status,
    string SignalingRegion,
    string MediaRegion,
    string? Edge,
    string MediaStreamUrl,
    IReadOnlyList<string> Requirements,
    MediaPath MediaPath,
    IReadOnlyList<string> Explain,
    FrameCounters Frames,
    IReadOnlyList<string> Recordings,
    bool MediaRegionReachable,
    string? DateCreated,
    string? DateUpdated,
    string Url)
{
    public static SessionResource From(Session session, RegionCatalog catalog, bool reachable = true)
    {
        var leg = JsonSerializer.Deserialize<LegSnapshot>(session.LegJson, TwilioJson.Options)!;
        return new SessionResource(
            session.Sid,
            session.AccountSid,
            session.Status == SessionStatus.InProgress ? "in-progress" : "completed",
            catalog.Local,
            session.MediaRegion,
            session.Edge,
            session.StreamUrl,
            leg.Requirements,
            new MediaPath(leg.Hops, leg.Failovers),
            leg.Explain,
            leg.Frames,
            leg.Placements.Select(p => p.RecordingSid).OfType<string>().Distinct().ToList(),
            reachable,
            TwilioJson.Iso(session.DateCreated),
            TwilioJson.Iso(session.DateUpdated),
            $"/v1/Sessions/{session.Sid}");
    }
}
