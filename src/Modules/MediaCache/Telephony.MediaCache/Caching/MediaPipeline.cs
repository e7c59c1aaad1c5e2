using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Jobs;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Caching;

/// <summary>What a media request resolved to.</summary>
internal sealed record Resolved(CachedMedia Media, CacheOutcome Outcome);

/// <summary>
/// The media request path: the in-memory index answers fresh hits; stale entries within
/// stale-while-revalidate are served while a job revalidates; everything else goes through one
/// flight per key (one origin fetch, one transcode) that revalidates with the stored validators,
/// keeps the file on a 304, reuses a transcode when the origin's bytes were seen before, and
/// commits the entry and the media resources of the key before answering.
/// </summary>
internal sealed class MediaPipeline(
    CacheIndex index,
    SingleFlight<Resolved> flights,
    MediaStore store,
    Transcoder transcoder,
    MediaStatistics statistics,
    IServiceScopeFactory scopes,
    IOptions<MediaCacheOptions> options,
    TimeProvider clock,
    MediaJobs jobs,
    IHostApplicationLifetime lifetime)
{
    private readonly HashSet<string> _revalidating = [];
    private int _evictionQueued;

    public CachedMedia? Lookup(string accountSid, CacheKey key) =>
        index.Find(key.EntryIdFor(accountSid, privateAnswer: true)) ?? (key.AccountScoped ? null : index.Find(key.SharedId));

    public bool IsServable(CachedMedia media) => store.Exists(media.ContentSha256, MediaFormat.ExtensionOf(media.Format));

    public async Task<Resolved> ResolveAsync(string accountSid, Uri url, CacheKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cached = Lookup(accountSid, key);
        if (cached is not null && IsServable(cached))
        {
            if (cached.IsFresh(now))
            {
                return Count(accountSid, new Resolved(cached, CacheOutcome.Hit));
            }

            if (cached.MayServeStale(now))
            {
                QueueRevalidation(accountSid, url, key, cached.EntryId);
                return Count(accountSid, new Resolved(cached, CacheOutcome.Stale));
            }
        }

        return await FlyAsync(accountSid, url, key, revalidate: false, cancellationToken);
    }

    /// <summary>The background half of stale-while-revalidate: a conditional fetch even if the entry looks fresh to this process.</summary>
    public async Task RevalidateAsync(string accountSid, Uri url, CacheKey key, CancellationToken cancellationToken)
    {
        try
        {
            await FlyAsync(accountSid, url, key, revalidate: true, cancellationToken);
        }
        finally
        {
            lock (_revalidating)
            {
                _revalidating.Remove(key.EntryIdFor(accountSid, privateAnswer: true));
                _revalidating.Remove(key.SharedId);
            }
        }
    }

    private async Task<Resolved> FlyAsync(string accountSid, Uri url, CacheKey key, bool revalidate, CancellationToken cancellationToken)
    {
        var flightKey = key.AccountScoped ? key.EntryIdFor(accountSid, privateAnswer: true) : key.SharedId;
        try
        {
            var (resolved, led) = await flights.RunAsync(flightKey, () => FetchAndStoreAsync(accountSid, url, key, revalidate), cancellationToken);
            if (resolved.Media.Scope.Length > 0 && resolved.Media.Scope != accountSid)
            {
                // The origin marked the answer private to the account that led the flight.
                (resolved, led) = await flights.RunAsync(key.EntryIdFor(accountSid, privateAnswer: true), () => FetchAndStoreAsync(accountSid, url, key, revalidate), cancellationToken);
            }

            return Count(accountSid, led ? resolved : resolved with { Outcome = CacheOutcome.Hit });
        }
        catch (ApiException)
        {
            statistics.Failed(accountSid);
            throw;
        }
    }

    private Resolved Count(string accountSid, Resolved resolved)
    {
        statistics.Request(accountSid, resolved.Outcome);
        return resolved;
    }

    private void QueueRevalidation(string accountSid, Uri url, CacheKey key, string entryId)
    {
        lock (_revalidating)
        {
            if (!_revalidating.Add(entryId))
            {
                return;
            }
        }

        jobs.Enqueue<RevalidateMediaJob>(job => job.RunAsync(accountSid, url.OriginalString, key.Format, CancellationToken.None));
    }

    private async Task<Resolved> FetchAndStoreAsync(string accountSid, Uri url, CacheKey key, bool revalidate)
    {
        var cancellationToken = lifetime.ApplicationStopping;
        var now = clock.GetUtcNow().UtcDateTime;
        var cached = Lookup(accountSid, key);
        if (!revalidate && cached is not null && cached.IsFresh(now) && IsServable(cached))
        {
            // Stored by a flight that finished between this caller's look-up and its flight.
            return new Resolved(cached, CacheOutcome.Hit);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MediaCacheDb>();
        var fetcher = scope.ServiceProvider.GetRequiredService<OriginFetcher>();
        var privateId = key.EntryIdFor(accountSid, privateAnswer: true);
        var existing = await db.CacheEntries.Where(e => e.Id == privateId || e.Id == key.SharedId)
            .OrderByDescending(e => e.Scope)
            .FirstOrDefaultAsync(cancellationToken);
        var existingFile = existing is null ? null : await db.StoredFiles.FindAsync([existing.ContentSha256], cancellationToken);
        if (existingFile is null || !store.Exists(existingFile.Sha256, MediaFormat.ExtensionOf(existingFile.Format)))
        {
            existing = null;
        }

        try
        {
            var answer = await fetcher.FetchAsync(url, existing?.SourceEtag, existing?.SourceLastModified, cancellationToken);
            if (answer.NotModified && existing is not null)
            {
                return new Resolved(await KeepAsync(db, existing, existingFile!, answer, now, cancellationToken), CacheOutcome.Revalidated);
            }

            if (answer.NotModified)
            {
                throw MediaErrors.OriginRejected("answered 304 Not Modified to a request without validators");
            }

            try
            {
                statistics.Fetched(accountSid, answer.Bytes);
                var previousContent = existing?.ContentSha256;
                var media = await StoreAsync(db, accountSid, key, existing, answer, now, cancellationToken);
                // An origin that ignored the validators but sent the same bytes still revalidated.
                return new Resolved(media, previousContent == media.ContentSha256 ? CacheOutcome.Revalidated : CacheOutcome.Miss);
            }
            finally
            {
                MediaStore.DeleteQuietly(answer.TempPath);
            }
        }
        catch (ApiException failure)
        {
            await MarkFailedAsync(db, key, failure, cancellationToken);
            throw;
        }
    }

    /// <summary>A 304: the stored file stays; only the freshness moves on.</summary>
    private async Task<CachedMedia> KeepAsync(MediaCacheDb db, CacheEntry entry, StoredFile file, OriginAnswer answer, DateTime now, CancellationToken cancellationToken)
    {
        var freshness = answer.Freshness.OrPrevious(entry.LifetimeSeconds, entry.StaleWhileRevalidateSeconds, entry.MustRevalidate);
        entry.SourceEtag = answer.Etag;
        entry.SourceLastModified = answer.LastModified;
        entry.DateValidated = now;
        entry.LifetimeSeconds = freshness.LifetimeSeconds;
        entry.StaleWhileRevalidateSeconds = freshness.StaleWhileRevalidateSeconds;
        entry.MustRevalidate = freshness.MustRevalidate;
        entry.FreshUntil = now.AddSeconds(freshness.LifetimeSeconds);
        await db.SaveChangesAsync(cancellationToken);
        var media = CachedMedia.From(entry, file);
        index.Put(media);
        return media;
    }

    private async Task<CachedMedia> StoreAsync(MediaCacheDb db, string accountSid, CacheKey key, CacheEntry? existing, OriginAnswer answer, DateTime now, CancellationToken cancellationToken)
    {
        var format = MediaFormat.All[key.Format];
        var file = await ReuseTranscodeAsync(db, answer.SourceSha256!, key.Format, cancellationToken)
            ?? await TranscodeAsync(db, accountSid, answer.TempPath!, format, now, cancellationToken);

        var entryId = key.EntryIdFor(accountSid, answer.Freshness.Private);
        var entry = existing?.Id == entryId ? existing : await db.CacheEntries.FindAsync([entryId], cancellationToken);
        if (entry is null)
        {
            entry = new CacheEntry
            {
                Id = entryId,
                Scope = entryId == key.SharedId ? string.Empty : accountSid,
                NormalisedUrl = key.NormalisedUrl,
                Format = key.Format,
                ContentSha256 = file.Sha256,
                SourceSha256 = answer.SourceSha256!,
            };
            db.CacheEntries.Add(entry);
        }

        entry.ContentSha256 = file.Sha256;
        entry.SourceSha256 = answer.SourceSha256!;
        entry.SourceEtag = answer.Etag;
        entry.SourceLastModified = answer.LastModified;
        entry.DateFetched = entry.DateValidated = now;
        entry.LifetimeSeconds = answer.Freshness.LifetimeSeconds;
        entry.StaleWhileRevalidateSeconds = answer.Freshness.StaleWhileRevalidateSeconds;
        entry.MustRevalidate = answer.Freshness.MustRevalidate;
        entry.FreshUntil = now.AddSeconds(answer.Freshness.LifetimeSeconds);
        file.DateLastUsed = now;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await MarkReadyAsync(db, key, entry, file, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var media = CachedMedia.From(entry, file);
        index.Put(media);
        if (statistics.StoreBytes > options.Value.MaxBytes && Interlocked.Exchange(ref _evictionQueued, 1) == 0)
        {
            jobs.Enqueue<EvictMediaJob>(job => job.RunAsync(CancellationToken.None));
        }

        return media;
    }

    /// <summary>Lets the next store over budget queue another eviction.</summary>
    public void EvictionRan() => Interlocked.Exchange(ref _evictionQueued, 0);

    /// <summary>Identical origin bytes (a rotated pre-signed URL, a copy elsewhere) reuse the stored transcode.</summary>
    private async Task<StoredFile?> ReuseTranscodeAsync(MediaCacheDb db, string sourceSha256, string format, CancellationToken cancellationToken)
    {
        var contentSha = await db.CacheEntries.Where(e => e.SourceSha256 == sourceSha256 && e.Format == format)
            .Select(e => e.ContentSha256)
            .FirstOrDefaultAsync(cancellationToken);
        var file = contentSha is null ? null : await db.StoredFiles.FindAsync([contentSha], cancellationToken);
        return file is not null && store.Exists(file.Sha256, MediaFormat.ExtensionOf(file.Format)) ? file : null;
    }

    private async Task<StoredFile> TranscodeAsync(MediaCacheDb db, string accountSid, string sourcePath, MediaFormat format, DateTime now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (output, sourceDuration) = await transcoder.TranscodeAsync(sourcePath, format, cancellationToken);
        try
        {
            var duration = OutputVerifier.Verify(output, format, sourceDuration);
            statistics.Transcoded(accountSid, Stopwatch.GetElapsedTime(started));
            var (sha, size) = await store.PublishAsync(output, format.Extension, cancellationToken);
            var file = await db.StoredFiles.FindAsync([sha], cancellationToken);
            if (file is null)
            {
                file = new StoredFile
                {
                    Sha256 = sha,
                    Format = format.Name,
                    ContentType = format.ContentType,
                    SizeBytes = size,
                    DurationMs = (int)Math.Round(duration.TotalMilliseconds),
                    DateCreated = now,
                    DateLastUsed = now,
                };
                db.StoredFiles.Add(file);
                statistics.FileStored(size);
            }

            return file;
        }
        finally
        {
            MediaStore.DeleteQuietly(output);
        }
    }

    /// <summary>Every account's media resource for this key now shows the stored file.</summary>
    private static Task<int> MarkReadyAsync(MediaCacheDb db, CacheKey key, CacheEntry entry, StoredFile file, CancellationToken cancellationToken) =>
        AccountMedia.ShowReadyAsync(
            db.Media.Where(m => m.CacheKey == key.SharedId && (entry.Scope == string.Empty || m.AccountSid == entry.Scope)),
            new ReadyFile(file.Sha256, file.ContentType, file.SizeBytes, file.DurationMs, entry.SourceEtag, entry.SourceLastModified),
            entry.DateFetched,
            cancellationToken);

    private async Task MarkFailedAsync(MediaCacheDb db, CacheKey key, ApiException failure, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = AccountMedia.Truncated(failure.Message);
        await db.Media.Where(m => m.CacheKey == key.SharedId && m.Status != MediaStatus.Ready)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Status, MediaStatus.Failed)
                    .SetProperty(m => m.ErrorCode, failure.Code)
                    .SetProperty(m => m.ErrorMessage, message)
                    .SetProperty(m => m.DateUpdated, now),
                cancellationToken);
    }
}
