using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Peer;
using Telephony.Regions.Selection;
using Telephony.Regions.Tunnel;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Media;

/// <summary>
/// The media region's side of a session: opens the leg (and its stream address), places
/// resources for its requirements, fails them over, and ends it. Called in process when the
/// session is homed here, over the peer link otherwise.
/// </summary>
internal sealed class LegService(
    RegionsDb db,
    RegionCatalog catalog,
    Placer placer,
    MediaRuntime runtime,
    LegLocks locks,
    UploadSignal uploads,
    TimeProvider clock)
{
    public async Task<LegSnapshot> OpenAsync(OpenLegRequest request, Uri? publicBase, CancellationToken cancellationToken)
    {
        if (await db.Legs.SingleOrDefaultAsync(l => l.SessionSid == request.SessionSid, cancellationToken) is { } existing)
        {
            return Snapshot(existing, LegState.Parse(existing.StateJson));
        }

        var legSid = Sid.New("ML");
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = clock.GetUtcNow().UtcDateTime;
        var leg = new MediaLeg
        {
            Sid = legSid,
            SessionSid = request.SessionSid,
            AccountSid = request.AccountSid,
            SignalingRegion = request.SignalingRegion,
            Edge = request.Edge,
            StreamTokenHash = HashToken(token),
            StreamUrl = StreamUrl(catalog.LocalRegion.BaseUrl ?? publicBase, legSid, token),
            Status = LegStatus.Open,
            StateJson = new LegState().ToJson(),
            DateCreated = now,
            DateUpdated = now,
        };
        db.Legs.Add(leg);
        await db.SaveChangesAsync(cancellationToken);
        return Snapshot(leg, new LegState());
    }

    public async Task<LegSnapshot> FetchAsync(string legSid, CancellationToken cancellationToken)
    {
        var leg = await Find(legSid, cancellationToken);
        return Snapshot(leg, LegState.Parse(leg.StateJson));
    }

    public async Task<LegSnapshot> ChangeRequirementsAsync(string legSid, RequirementRequest request, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(legSid, cancellationToken);
        var leg = await Find(legSid, cancellationToken);
        if (leg.Status == LegStatus.Completed)
        {
            throw ApiException.Conflict("The session has ended; its requirements can no longer change.");
        }

        var state = LegState.Parse(leg.StateJson);
        if (request.Add is { } add && !state.Requirements.Contains(add))
        {
            var kind = Kinds.ForRequirement(add) ?? throw ApiException.Invalid("Add", $"must be one of {string.Join(", ", Kinds.Requirements)}");
            var (placement, explain) = await placer.PlaceAsync(legSid, add, kind, [], cancellationToken);
            state.Explain.Add($"{Now()} add {add}: {explain}");
            if (placement is null)
            {
                leg.StateJson = state.ToJson();
                await db.SaveChangesAsync(cancellationToken);
                throw ApiException.Conflict(explain, "Add");
            }

            state.Requirements.Add(add);
            state.Placements.Add(placement);
            if (kind == ResourceKind.Recorder)
            {
                var recordingSid = request.RecordingSid ?? throw ApiException.Invalid("RecordingSid", "is required to record");
                placement.RecordingSid = recordingSid;
                state.Recordings.Add(recordingSid);
                db.Branches.Add(new TunnelBranch
                {
                    RecordingSid = recordingSid,
                    LegSid = legSid,
                    TargetRegion = leg.SignalingRegion,
                    DateCreated = clock.GetUtcNow().UtcDateTime,
                    DateUpdated = clock.GetUtcNow().UtcDateTime,
                });
            }

            await SaveAsync(leg, state, cancellationToken);
            if (placement.RecordingSid is { } branch)
            {
                runtime.AttachBranch(legSid, branch, 0);
            }
        }

        if (request.Remove is { } remove && state.Requirements.Remove(remove))
        {
            // Inactive placements count too: a recorder failed over with no replacement leaves its
            // recording on no active placement, and its branch would otherwise never close.
            foreach (var placement in state.Placements.Where(p => p.Requirement == remove))
            {
                if (placement.Active)
                {
                    await ReleaseAsync(legSid, placement, state, cancellationToken);
                }

                if (placement.RecordingSid is { } recordingSid)
                {
                    await CloseBranchAsync(legSid, recordingSid, cancellationToken);
                }
            }

            state.Explain.Add($"{Now()} remove {remove}: capacity released");
            await SaveAsync(leg, state, cancellationToken);
        }

        return Snapshot(leg, state);
    }

    public async Task<LegSnapshot> EndAsync(string legSid, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(legSid, cancellationToken);
        var leg = await Find(legSid, cancellationToken);
        var state = LegState.Parse(leg.StateJson);
        if (leg.Status == LegStatus.Completed)
        {
            return Snapshot(leg, state);
        }

        foreach (var placement in state.Placements.Where(p => p.Active))
        {
            await ReleaseAsync(legSid, placement, state, cancellationToken);
        }

        // Every recording, not only those of active placements: a recorder failed over with no
        // replacement leaves its recording on none, and its branch must still close and complete.
        foreach (var recordingSid in state.Recordings)
        {
            await CloseBranchAsync(legSid, recordingSid, cancellationToken);
        }

        if (runtime.Existing(legSid) is { } live)
        {
            live.StopStreaming();
            CopyCounters(live.Frames, state.Frames);
            runtime.Forget(legSid);
        }

        leg.Status = LegStatus.Completed;
        state.Explain.Add($"{Now()} ended: all capacity released");
        await SaveAsync(leg, state, cancellationToken);
        return Snapshot(leg, state);
    }

    /// <summary>The stream's <c>stop</c>: recordings of the leg are complete once their buffers drain.</summary>
    public async Task StopStreamAsync(string legSid, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(legSid, cancellationToken);
        var leg = await Find(legSid, cancellationToken);
        var state = LegState.Parse(leg.StateJson);
        foreach (var recordingSid in state.Recordings)
        {
            await CloseBranchAsync(legSid, recordingSid, cancellationToken);
        }

        if (runtime.Existing(legSid) is { } live)
        {
            CopyCounters(live.Frames, state.Frames);
        }

        await SaveAsync(leg, state, cancellationToken);
    }

    /// <summary>Replaces placements whose resource went unhealthy or away; records each failover on the leg.</summary>
    public async Task<int> FailOverAsync(string legSid, Func<LegPlacement, string?> whyUnusable, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(legSid, cancellationToken);
        var leg = await Find(legSid, cancellationToken);
        if (leg.Status == LegStatus.Completed)
        {
            return 0;
        }

        var state = LegState.Parse(leg.StateJson);
        var replaced = 0;
        foreach (var failed in state.Placements.Where(p => p.Active).ToList())
        {
            if (whyUnusable(failed) is not { } reason)
            {
                continue;
            }

            failed.Active = false;
            await placer.ReleaseAsync(legSid, failed, cancellationToken);

            var exclude = state.Placements.Where(p => p.Requirement == failed.Requirement).Select(p => p.ResourceSid).ToList();
            var (replacement, explain) = await placer.PlaceAsync(legSid, failed.Requirement, failed.Kind, exclude, cancellationToken);
            state.Explain.Add($"{Now()} failover {failed.Requirement}: {reason}; {explain}");
            state.Failovers.Add(new Failover(failed.Requirement, failed.ResourceSid, failed.Region, replacement?.ResourceSid, replacement?.Region, reason, Now()));
            if (replacement is not null)
            {
                replacement.RecordingSid = failed.RecordingSid;
                state.Placements.Add(replacement);
            }

            replaced++;
        }

        if (replaced > 0)
        {
            await SaveAsync(leg, state, cancellationToken);
        }

        return replaced;
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Frees a placement; when its region cannot be told now, the release is queued and the explain says so.</summary>
    private async Task ReleaseAsync(string legSid, LegPlacement placement, LegState state, CancellationToken cancellationToken)
    {
        if (!await placer.ReleaseAsync(legSid, placement, cancellationToken))
        {
            state.Explain.Add($"{Now()} release of {placement.ResourceSid} in {placement.Region} queued: region unreachable, delivered when it is back");
        }
    }

    private async Task CloseBranchAsync(string legSid, string recordingSid, CancellationToken cancellationToken)
    {
        runtime.Existing(legSid)?.Detach(recordingSid);
        if (await db.Branches.FindAsync([recordingSid], cancellationToken) is { Closed: false } branch)
        {
            branch.Closed = true;
            branch.DateUpdated = clock.GetUtcNow().UtcDateTime;
        }

        uploads.Wake();
    }

    private async Task SaveAsync(MediaLeg leg, LegState state, CancellationToken cancellationToken)
    {
        leg.StateJson = state.ToJson();
        leg.DateUpdated = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        uploads.Wake();
    }

    private async Task<MediaLeg> Find(string legSid, CancellationToken cancellationToken) =>
        await db.Legs.FindAsync([legSid], cancellationToken) ?? throw ApiException.NotFound("MediaLeg", legSid);

    private LegSnapshot Snapshot(MediaLeg leg, LegState state)
    {
        if (runtime.Existing(leg.Sid) is { } live)
        {
            CopyCounters(live.Frames, state.Frames);
        }

        var hops = new List<Hop> { new("endpoint", catalog.Local, null, null, 0) };
        if (leg.Edge is not null)
        {
            hops.Add(new Hop("edge", catalog.Local, leg.Edge, null, 0));
        }

        hops.AddRange(state.Placements.Where(p => p.Active).Select(p => new Hop("resource", p.Region, p.ResourceSid, p.Kind.Wire(), p.LatencyMs)));
        if (state.Recordings.Count > 0 && leg.SignalingRegion != catalog.Local)
        {
            hops.Add(new Hop("tunnel", leg.SignalingRegion, "store-and-forward", null, catalog.LatencyMs(catalog.Local, leg.SignalingRegion)));
        }

        return new LegSnapshot(
            leg.Sid, leg.SessionSid, leg.Status == LegStatus.Open ? "open" : "completed", catalog.Local, leg.SignalingRegion, leg.Edge, leg.StreamUrl,
            state.Requirements, state.Placements, hops, state.Failovers, state.Explain, state.Frames);
    }

    /// <summary>The catalogue's address of this region, or (single region, none configured) the address the caller used.</summary>
    private static string StreamUrl(Uri? baseUrl, string legSid, string token)
    {
        baseUrl ??= new Uri("http://localhost/");
        var builder = new UriBuilder(new Uri(baseUrl, $"v1/MediaStreams/{legSid}"))
        {
            Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = $"Token={token}",
        };
        return builder.Uri.AbsoluteUri;
    }

    private string Now() => TwilioJson.Iso(clock.GetUtcNow().UtcDateTime)!;

    private static void CopyCounters(FrameCounters from, FrameCounters to)
    {
        to.Received = from.Received;
        to.OutOfOrder = from.OutOfOrder;
        to.Missing = from.Missing;
        to.Marks = from.Marks;
    }
}
