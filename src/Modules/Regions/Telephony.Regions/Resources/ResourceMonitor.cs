using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.Regions.Peer;

namespace Telephony.Regions.Resources;

/// <summary>
/// Looks for placements of this region's open legs on resources that stopped heartbeating, were
/// removed, or (in another region) are reported unhealthy, and fails them over to a new
/// selection. A region that cannot be reached is not taken as proof that its resources failed.
/// </summary>
internal sealed class ResourceMonitor(
    IServiceScopeFactory scopes,
    ResourceRegistry registry,
    RegionCatalog catalog,
    PeerClient peers,
    IOptions<RegionsOptions> options,
    ILogger<ResourceMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, options.Value.MonitorIntervalMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is DbUpdateException or PeerUnreachableException or Telephony.SharedKernel.Web.ApiException)
                {
                    log.LogWarning(failure, "Failover pass failed; trying again next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// The active placements of each open leg as of its last change: a leg's state is parsed again
    /// only when it changed, not every tick (parsing hundreds of documents a second was most of
    /// what a busy media region allocated besides media).
    /// </summary>
    private readonly Dictionary<string, (DateTime Updated, List<LegPlacement> Active)> _placements = new(StringComparer.Ordinal);

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
        var remoteRegions = new HashSet<string>(StringComparer.Ordinal);
        var atRisk = new List<string>();
        foreach (var (legSid, placements) in await OpenLegPlacementsAsync(db, cancellationToken))
        {
            if (placements.Any(p => p.Region == catalog.Local && !registry.IsUsable(p.ResourceSid)))
            {
                atRisk.Add(legSid);
            }

            foreach (var remote in placements.Where(p => p.Region != catalog.Local))
            {
                remoteRegions.Add(remote.Region);
                atRisk.Add(legSid);
            }
        }

        if (atRisk.Count == 0)
        {
            return;
        }

        var remoteHealth = new Dictionary<string, CapacityReport?>(StringComparer.Ordinal);
        foreach (var region in remoteRegions)
        {
            remoteHealth[region] = catalog.Find(region) is { } peer ? await peers.TryGetCapacityAsync(peer, cancellationToken) : null;
        }

        var legService = scope.ServiceProvider.GetRequiredService<LegService>();
        foreach (var legSid in atRisk.Distinct())
        {
            await legService.FailOverAsync(legSid, placement => WhyUnusable(placement, remoteHealth), cancellationToken);
        }
    }

    private async Task<List<(string LegSid, List<LegPlacement> Active)>> OpenLegPlacementsAsync(RegionsDb db, CancellationToken cancellationToken)
    {
        var open = await db.Legs.AsNoTracking().Where(l => l.Status == LegStatus.Open).Select(l => new { l.Sid, l.DateUpdated }).ToListAsync(cancellationToken);
        var changed = open.Where(l => !_placements.TryGetValue(l.Sid, out var known) || known.Updated != l.DateUpdated).Select(l => l.Sid).ToList();
        if (changed.Count > 0)
        {
            var states = await db.Legs.AsNoTracking().Where(l => changed.Contains(l.Sid)).Select(l => new { l.Sid, l.DateUpdated, l.StateJson }).ToListAsync(cancellationToken);
            foreach (var leg in states)
            {
                _placements[leg.Sid] = (leg.DateUpdated, LegState.Parse(leg.StateJson).Placements.Where(p => p.Active).ToList());
            }
        }

        if (_placements.Count > open.Count)
        {
            var stillOpen = open.Select(l => l.Sid).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _placements.Keys.Where(sid => !stillOpen.Contains(sid)).ToList())
            {
                _placements.Remove(gone);
            }
        }

        return open.Where(l => _placements.ContainsKey(l.Sid)).Select(l => (l.Sid, _placements[l.Sid].Active)).ToList();
    }

    private string? WhyUnusable(LegPlacement placement, Dictionary<string, CapacityReport?> remoteHealth)
    {
        if (placement.Region == catalog.Local)
        {
            return registry.Find(placement.ResourceSid) switch
            {
                null => $"resource {placement.ResourceSid} was removed",
                { Healthy: false } => $"resource {placement.ResourceSid} missed its heartbeats",
                _ => null,
            };
        }

        if (!remoteHealth.TryGetValue(placement.Region, out var report) || report is null)
        {
            return null;
        }

        var resource = report.Resources.FirstOrDefault(r => r.Sid == placement.ResourceSid);
        return resource switch
        {
            null => $"resource {placement.ResourceSid} in {placement.Region} was removed",
            { Healthy: false } => $"resource {placement.ResourceSid} in {placement.Region} missed its heartbeats",
            _ => null,
        };
    }
}
