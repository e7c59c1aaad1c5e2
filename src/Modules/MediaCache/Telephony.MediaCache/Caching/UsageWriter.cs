using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Data;

namespace Telephony.MediaCache.Caching;

/// <summary>Writes the last-used times gathered in memory: periodically, before eviction, and at shut-down.</summary>
internal sealed class UsageWriter(UsageTracker usage, IServiceScopeFactory scopes, IOptions<MediaCacheOptions> options, ILogger<UsageWriter> logger) : BackgroundService
{
    public async Task FlushAsync(MediaCacheDb db, CancellationToken cancellationToken)
    {
        var (files, media) = usage.Drain();
        foreach (var (sha, at) in files)
        {
            await db.StoredFiles.Where(f => f.Sha256 == sha && f.DateLastUsed < at)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.DateLastUsed, at), cancellationToken);
        }

        foreach (var (sid, at) in media)
        {
            await db.Media.Where(m => m.Sid == sid && (m.DateLastUsed == null || m.DateLastUsed < at))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DateLastUsed, at), cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushOnceAsync(cancellationToken);
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FlushAsync(scope.ServiceProvider.GetRequiredService<MediaCacheDb>(), cancellationToken);
        }
        catch (Exception failure) when (failure is DbException or DbUpdateException or InvalidOperationException)
        {
            // Last-used times are advisory (eviction order); losing one batch is not worth stopping the host.
            logger.LogWarning(failure, "Could not write media last-used times");
        }
    }
}
