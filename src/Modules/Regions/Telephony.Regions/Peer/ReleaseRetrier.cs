using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Peer;

/// <summary>
/// Delivers releases of remote placements that failed while the link was down. The queue is a
/// table (<see cref="PendingRelease"/>), so a restart of this process keeps it; a hosted loop
/// rather than Hangfire, like the uploader, because each attempt is one idempotent peer call
/// and the row is the whole state. Backs off per row, doubling from <c>ReleaseRetryMs</c> up to
/// five minutes; a row leaves the queue once the far side acknowledged it (or no longer knows
/// the placement).
/// </summary>
internal sealed class ReleaseRetrier(
    IServiceScopeFactory scopes,
    RegionCatalog catalog,
    PeerClient peers,
    IOptions<RegionsOptions> options,
    TimeProvider clock,
    ILogger<ReleaseRetrier> log) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private const int MaxErrorLength = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, options.Value.ReleaseRetryMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RetryDueAsync(stoppingToken);
                }
                catch (DbUpdateException failure)
                {
                    log.LogWarning(failure, "Release retry pass failed; trying again next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    public async Task RetryDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.PendingReleases.Where(r => r.NextAttempt <= now).OrderBy(r => r.NextAttempt).Take(100).ToListAsync(cancellationToken);
        foreach (var release in due)
        {
            try
            {
                var region = catalog.Find(release.Region) ?? throw new PeerUnreachableException(release.Region, new InvalidOperationException("not in the catalogue"));
                await peers.ReleaseAsync(region, release.PlacementSid, cancellationToken);
                db.PendingReleases.Remove(release);
                log.LogInformation("Release of placement {Placement} delivered to {Region} after {Attempts} failed attempts", release.PlacementSid, release.Region, release.Attempts + 1);
            }
            catch (PeerUnreachableException unreachable)
            {
                release.Attempts++;
                release.LastError = Truncate(unreachable.Message);
                var backoff = TimeSpan.FromMilliseconds(options.Value.ReleaseRetryMs * Math.Pow(2, Math.Min(release.Attempts, 16)));
                release.NextAttempt = now + (backoff < MaxBackoff ? backoff : MaxBackoff);
            }
            catch (ApiException refused) when (refused.Status < 500)
            {
                // The far side answered and will never take it (it no longer knows the placement): nothing left to free.
                log.LogWarning("Release of placement {Placement} refused by {Region}: {Reason}; dropped", release.PlacementSid, release.Region, refused.Message);
                db.PendingReleases.Remove(release);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
