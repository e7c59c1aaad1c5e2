using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Ids;

namespace Telephony.Regions.Resources;

/// <summary>
/// Before the host serves: the built-in resources take their configured capacity, the registry
/// is rebuilt from the database (resources and active placements), and every open recording
/// branch gets its buffer back (a journal a crash left is sealed), so streaming and uploading
/// resume where they stopped.
/// </summary>
internal sealed class RegionsStartup(ResourceRegistry registry, MediaRuntime runtime, IOptions<RegionsOptions> options, TimeProvider clock, ILogger<RegionsStartup> log) : IStartupTask
{
    private static readonly Dictionary<ResourceKind, int> DefaultCapacity = new()
    {
        [ResourceKind.Recorder] = 100,
        [ResourceKind.Mixer] = 20,
        [ResourceKind.Streamer] = 100,
        [ResourceKind.Transcoder] = 50,
    };

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<RegionsDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var builtIn = await db.Resources.Where(r => r.BuiltIn).ToListAsync(cancellationToken);
        foreach (var kind in Enum.GetValues<ResourceKind>())
        {
            var capacity = options.Value.BuiltIn.TryGetValue(kind.ToString(), out var configured) ? Math.Max(0, configured) : DefaultCapacity[kind];
            var row = builtIn.Find(r => r.Kind == kind);
            if (row is null)
            {
                db.Resources.Add(new MediaResource
                {
                    Sid = Sid.New("MR"),
                    Kind = kind,
                    FriendlyName = $"built-in {kind.Wire()}",
                    Capacity = capacity,
                    BuiltIn = true,
                    DateCreated = now,
                    DateUpdated = now,
                });
            }
            else if (row.Capacity != capacity)
            {
                row.Capacity = capacity;
                row.DateUpdated = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        registry.Load(
            await db.Resources.AsNoTracking().ToListAsync(cancellationToken),
            await db.Placements.AsNoTracking().Where(p => p.Active).ToListAsync(cancellationToken));

        var openLegs = await db.Legs.AsNoTracking().Where(l => l.Status == LegStatus.Open).Select(l => l.Sid).ToListAsync(cancellationToken);
        var branches = await db.Branches.AsNoTracking().Where(b => !b.Closed && openLegs.Contains(b.LegSid)).ToListAsync(cancellationToken);
        // One branch whose journals the disk refuses must not keep the whole region down. It is left
        // unattached rather than opened over journals not yet sealed (a new journal would overwrite
        // their frames); once it closes, the uploader seals them, as for a closed branch below.
        foreach (var branch in branches)
        {
            try
            {
                runtime.AttachBranch(branch.LegSid, branch.RecordingSid, branch.AckedThroughFrame);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                log.LogError(failure, "The buffer of open recording branch {Recording} could not be recovered at start-up; it records no further frames and its journals are sealed once it closes", branch.RecordingSid);
            }
        }

        // A closed branch may still hold a journal from a crash just before its last seal. One the disk
        // refuses now is sealed by the uploader once the branch's chunks are sent: the host still starts.
        foreach (var closed in await db.Branches.AsNoTracking().Where(b => b.Closed && !b.Completed).ToListAsync(cancellationToken))
        {
            try
            {
                Tunnel.BranchWriter.Recover(runtime.BranchFolder(closed.RecordingSid), closed.AckedThroughFrame);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                log.LogError(failure, "The journals of closed recording branch {Recording} could not be sealed at start-up", closed.RecordingSid);
            }
        }
    }
}
