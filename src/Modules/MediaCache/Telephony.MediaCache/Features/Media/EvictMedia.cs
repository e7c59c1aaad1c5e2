using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Processing;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// Keeps the store under <c>MediaCache:MaxBytes</c>: removes the least recently used files,
/// never one that pinned media uses and never one being served. Resources that used a removed
/// file show <c>evicted</c>; the next request for them fetches again.
/// </summary>
internal static class EvictMedia
{
    internal sealed record Command : ICommand<int>;

    internal sealed class Handler(
        MediaCacheDb db,
        CacheIndex index,
        UsageTracker usage,
        UsageWriter usageWriter,
        MediaStore store,
        MediaStatistics statistics,
        MediaPipeline pipeline,
        IOptions<MediaCacheOptions> options) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            pipeline.EvictionRan();
            await usageWriter.FlushAsync(db, cancellationToken);
            var budget = options.Value.MaxBytes;
            var total = await db.StoredFiles.SumAsync(f => f.SizeBytes, cancellationToken);
            var evicted = 0;
            if (total <= budget)
            {
                return evicted;
            }

            var pinned = db.Media.Where(m => m.Pinned && m.ContentSha256 != null).Select(m => m.ContentSha256);
            var candidates = await db.StoredFiles.Where(f => !pinned.Contains(f.Sha256))
                .OrderBy(f => f.DateLastUsed)
                .Select(f => new { f.Sha256, f.SizeBytes })
                .ToListAsync(cancellationToken);
            foreach (var candidate in candidates)
            {
                if (total <= budget)
                {
                    break;
                }

                if (usage.InUse(candidate.Sha256))
                {
                    continue;
                }

                await RemoveFileAsync(db, index, store, statistics, candidate.Sha256, cancellationToken);
                total -= candidate.SizeBytes;
                evicted++;
            }

            return evicted;
        }
    }

    /// <summary>Forgets a stored file everywhere (index first, so no new request is answered with it), then deletes it.</summary>
    internal static async Task RemoveFileAsync(MediaCacheDb db, CacheIndex index, MediaStore store, MediaStatistics statistics, string sha, CancellationToken cancellationToken)
    {
        var file = await db.StoredFiles.FindAsync([sha], cancellationToken);
        if (file is null)
        {
            return;
        }

        index.RemoveContent(sha);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.CacheEntries.Where(e => e.ContentSha256 == sha).ExecuteDeleteAsync(cancellationToken);
            await db.Media.Where(m => m.ContentSha256 == sha)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(m => m.Status, MediaStatus.Evicted)
                        .SetProperty(m => m.ContentSha256, (string?)null),
                    cancellationToken);
            db.StoredFiles.Remove(file);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        store.Delete(sha, MediaFormat.ExtensionOf(file.Format));
        statistics.Evicted(file.SizeBytes);
    }
}
