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

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
        var legs = await db.Legs.AsNoTracking().Where(l => l.Status == LegStatus.Open).Select(l => new { l.Sid, l.StateJson }).ToListAsync(cancellationToken);
        var remoteRegions = new HashSet<string>(StringComparer.Ordinal);
        var atRisk = new List<string>();
        foreach (var leg in legs)
        {
            var placements = LegState.Parse(leg.StateJson).Placements.Where(p => p.Active).ToList();
            if (placements.Any(p => p.Region == catalog.Local && !registry.IsUsable(p.ResourceSid)))
            {
                atRisk.Add(leg.Sid);
            }

            foreach (var remote in placements.Where(p => p.Region != catalog.Local))
            {
                remoteRegions.Add(remote.Region);
                atRisk.Add(leg.Sid);
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
