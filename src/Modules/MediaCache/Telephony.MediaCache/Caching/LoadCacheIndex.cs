using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Jobs;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Hosting;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// At start-up: rebuilds the in-memory index from the database, removes temp files a crash left,
/// and queues again the media that was queued or processing when the process stopped.
/// </summary>
internal sealed class LoadCacheIndex(CacheIndex index, MediaStore store, MediaStatistics statistics, MediaJobs jobs) : IStartupTask
{
    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        store.ClearTemp();
        var db = scopedServices.GetRequiredService<MediaCacheDb>();
        var files = await db.StoredFiles.AsNoTracking().ToDictionaryAsync(f => f.Sha256, cancellationToken);
        await foreach (var entry in db.CacheEntries.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (files.TryGetValue(entry.ContentSha256, out var file))
            {
                index.Put(CachedMedia.From(entry, file));
            }
        }

        await foreach (var media in db.Media.AsNoTracking().Select(m => new { m.AccountSid, m.CacheKey, m.Sid, m.Status }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            index.RememberMedia(media.AccountSid, media.CacheKey, media.Sid);
            if (media.Status is MediaStatus.Queued or MediaStatus.Processing)
            {
                var sid = media.Sid;
                jobs.Enqueue<ProcessMediaJob>(job => job.RunAsync(sid, CancellationToken.None));
            }
        }

        statistics.ResetStore(files.Values.Sum(f => f.SizeBytes), files.Count);
    }
}
