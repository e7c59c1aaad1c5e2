using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Peer;
using Telephony.Regions.Resources;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Media;

/// <summary>
/// Selects and reserves a resource for a leg of this (media) region: this region's resources
/// from the registry, other regions' from their capacity reports. The reservation is made where
/// the resource lives; a resource that filled up between report and reservation is skipped and
/// the selection runs again.
/// </summary>
internal sealed class Placer(
    RegionCatalog catalog,
    ResourceRegistry registry,
    ResourceSelector selector,
    PeerClient peers,
    RegionsDb db,
    TimeProvider clock)
{
    private const int MaxAttempts = 8;

    public async Task<(LegPlacement? Placement, string Explain)> PlaceAsync(
        string legSid, string requirement, ResourceKind kind, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        var candidates = registry.Candidates();
        var unreachable = new List<string>();
        var reports = await Task.WhenAll(catalog.Peers.Select(async peer => (peer, report: await peers.TryGetCapacityAsync(peer, cancellationToken))));
        foreach (var (peer, report) in reports)
        {
            if (report is null)
            {
                unreachable.Add(peer.Id);
                continue;
            }

            candidates.AddRange(report.Resources.Select(r => new Candidate(r.Sid, peer.Id, r.Kind, r.Capacity, r.Used, r.Healthy, r.Draining)));
        }

        var skip = new HashSet<string>(exclude, StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var selection = selector.Select(catalog.Local, kind, candidates, skip, unreachable);
            if (selection.Chosen is not { } chosen)
            {
                return (null, selection.Explain);
            }

            var placementSid = Sid.New("PL");
            if (await ReserveAsync(chosen, placementSid, legSid, cancellationToken))
            {
                return (new LegPlacement
                {
                    PlacementSid = placementSid,
                    Requirement = requirement,
                    Kind = kind,
                    ResourceSid = chosen.Sid,
                    Region = chosen.Region,
                    LatencyMs = selection.LatencyMs,
                    Active = true,
                }, selection.Explain);
            }

            skip.Add(chosen.Sid);
        }

        return (null, $"No {kind.Wire()} could be reserved after {MaxAttempts} attempts: each filled up before its reservation.");
    }

    /// <summary>
    /// Frees the placement's capacity where the resource lives. When that region cannot be
    /// reached, the release is queued durably (<see cref="PendingRelease"/>) and delivered once it
    /// is back; true when it was delivered now.
    /// </summary>
    public async Task<bool> ReleaseAsync(string legSid, LegPlacement placement, CancellationToken cancellationToken)
    {
        placement.Active = false;
        if (placement.Region == catalog.Local)
        {
            await ReleaseLocalAsync(placement.PlacementSid, cancellationToken);
            return true;
        }

        try
        {
            await peers.ReleaseAsync(catalog.Find(placement.Region)!, placement.PlacementSid, cancellationToken);
            return true;
        }
        catch (PeerUnreachableException unreachable)
        {
            await QueueReleaseAsync(legSid, placement.PlacementSid, placement.Region, unreachable, cancellationToken);
            return false;
        }
    }

    /// <summary>Reserves on a resource of this region for a leg of any region; idempotent per placement sid.</summary>
    public async Task<bool> ReserveLocalAsync(string placementSid, string resourceSid, string legSid, string legRegion, CancellationToken cancellationToken)
    {
        if (await db.Placements.FindAsync([placementSid], cancellationToken) is { } existing)
        {
            return existing.Active;
        }

        if (!registry.TryReserve(resourceSid))
        {
            return false;
        }

        db.Placements.Add(new ResourcePlacement
        {
            Sid = placementSid,
            ResourceSid = resourceSid,
            LegSid = legSid,
            LegRegion = legRegion,
            Active = true,
            DateCreated = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            registry.Release(resourceSid);
            throw;
        }

        return true;
    }

    /// <summary>Frees the capacity a placement held; releasing twice is harmless.</summary>
    public async Task ReleaseLocalAsync(string placementSid, CancellationToken cancellationToken)
    {
        var placement = await db.Placements.FindAsync([placementSid], cancellationToken);
        if (placement is not { Active: true })
        {
            return;
        }

        placement.Active = false;
        placement.DateReleased = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        registry.Release(placement.ResourceSid);
    }

    private async Task<bool> ReserveAsync(Candidate chosen, string placementSid, string legSid, CancellationToken cancellationToken)
    {
        if (chosen.Region == catalog.Local)
        {
            return await ReserveLocalAsync(placementSid, chosen.Sid, legSid, catalog.Local, cancellationToken);
        }

        try
        {
            return await peers.PlaceAsync(catalog.Find(chosen.Region)!, new PlacementRequest(placementSid, chosen.Sid, legSid, catalog.Local), cancellationToken);
        }
        catch (PeerUnreachableException unreachable)
        {
            // No answer is not a refusal: the far side may have reserved and only its answer was lost.
            // Releasing is idempotent, so a release of a reservation never made costs nothing.
            await QueueReleaseAsync(legSid, placementSid, chosen.Region, unreachable, cancellationToken);
            return false;
        }
        catch (ApiException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            return false;
        }
    }

    private async Task QueueReleaseAsync(string legSid, string placementSid, string region, PeerUnreachableException unreachable, CancellationToken cancellationToken)
    {
        if (await db.PendingReleases.FindAsync([placementSid], cancellationToken) is not null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.PendingReleases.Add(new PendingRelease
        {
            PlacementSid = placementSid,
            Region = region,
            LegSid = legSid,
            LastError = unreachable.Message.Length <= 512 ? unreachable.Message : unreachable.Message[..512],
            NextAttempt = now,
            DateCreated = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
