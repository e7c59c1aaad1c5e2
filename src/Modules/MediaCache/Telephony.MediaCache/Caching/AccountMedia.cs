using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.MediaCache.Data;
using Telephony.SharedKernel.Ids;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// Each account has one media resource per cache key. A hit finds its sid in memory; the first
/// request of an account for a key creates the row, once even under concurrent requests.
/// </summary>
internal sealed class AccountMedia(CacheIndex index, SingleFlight<string> creations, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <returns>The media sid, and whether this call created it (its status still needs the result).</returns>
    public async Task<(string Sid, bool Created)> EnsureAsync(string accountSid, string url, CacheKey key, CancellationToken cancellationToken)
    {
        if (index.MediaSidFor(accountSid, key.SharedId) is { } known)
        {
            return (known, false);
        }

        var (sid, led) = await creations.RunAsync($"{accountSid}|{key.SharedId}", () => CreateAsync(accountSid, url, key), cancellationToken);
        return (sid, led);
    }

    private async Task<string> CreateAsync(string accountSid, string url, CacheKey key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MediaCacheDb>();
        var existing = await db.Media.Where(m => m.AccountSid == accountSid && m.CacheKey == key.SharedId).Select(m => m.Sid).FirstOrDefaultAsync();
        if (existing is not null)
        {
            index.RememberMedia(accountSid, key.SharedId, existing);
            return existing;
        }

        var media = New(accountSid, url, key, MediaStatus.Processing, clock.GetUtcNow().UtcDateTime);
        db.Media.Add(media);
        await db.SaveChangesAsync();
        index.RememberMedia(accountSid, key.SharedId, media.Sid);
        return media.Sid;
    }

    public static MediaItem New(string accountSid, string url, CacheKey key, MediaStatus status, DateTime now) => new()
    {
        Sid = Sid.New("ME"),
        AccountSid = accountSid,
        Url = url,
        NormalisedUrl = key.NormalisedUrl,
        CacheKey = key.SharedId,
        Format = key.Format,
        Status = status,
        DateCreated = now,
        DateUpdated = now,
    };

    /// <summary>
    /// <see cref="MarkReadyAsync"/> in a scope of its own: only a first request needs the
    /// database, and a hit must not pay for building a context (options, connection string).
    /// </summary>
    public async Task ShowReadyAsync(string mediaSid, CachedMedia media, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MarkReadyAsync(scope.ServiceProvider.GetRequiredService<MediaCacheDb>(), mediaSid, media, now, cancellationToken);
    }

    /// <summary><see cref="MarkFailedAsync"/> in a scope of its own, never cancelled: the failure must be recorded.</summary>
    public async Task ShowFailedAsync(string mediaSid, SharedKernel.Web.ApiException failure, DateTime now)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MarkFailedAsync(scope.ServiceProvider.GetRequiredService<MediaCacheDb>(), mediaSid, failure, now, CancellationToken.None);
    }

    /// <summary>Shows a resolved file on one media resource (the flight updated those that existed before it).</summary>
    public static Task<int> MarkReadyAsync(MediaCacheDb db, string mediaSid, CachedMedia media, DateTime now, CancellationToken cancellationToken) =>
        ShowReadyAsync(
            db.Media.Where(m => m.Sid == mediaSid && (m.Status != MediaStatus.Ready || m.ContentSha256 != media.ContentSha256)),
            new ReadyFile(media.ContentSha256, media.ContentType, media.SizeBytes, media.DurationMs, media.SourceEtag, media.SourceLastModified),
            now,
            cancellationToken);

    /// <summary>The one update that makes media resources show a stored file.</summary>
    public static Task<int> ShowReadyAsync(IQueryable<MediaItem> media, ReadyFile file, DateTime now, CancellationToken cancellationToken) =>
        media.ExecuteUpdateAsync(
            set => set
                .SetProperty(m => m.Status, MediaStatus.Ready)
                .SetProperty(m => m.ContentSha256, file.Sha256)
                .SetProperty(m => m.ContentType, file.ContentType)
                .SetProperty(m => m.SizeBytes, file.SizeBytes)
                .SetProperty(m => m.DurationMs, file.DurationMs)
                .SetProperty(m => m.SourceEtag, file.SourceEtag)
                .SetProperty(m => m.SourceLastModified, file.SourceLastModified)
                .SetProperty(m => m.ErrorCode, (int?)null)
                .SetProperty(m => m.ErrorMessage, (string?)null)
                .SetProperty(m => m.DateUpdated, now),
            cancellationToken);

    public static Task<int> MarkFailedAsync(MediaCacheDb db, string mediaSid, SharedKernel.Web.ApiException failure, DateTime now, CancellationToken cancellationToken)
    {
        var message = Truncated(failure.Message);
        return db.Media.Where(m => m.Sid == mediaSid && m.Status != MediaStatus.Ready)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Status, MediaStatus.Failed)
                    .SetProperty(m => m.ErrorCode, failure.Code)
                    .SetProperty(m => m.ErrorMessage, message)
                    .SetProperty(m => m.DateUpdated, now),
                cancellationToken);
    }

    public static string Truncated(string message) => message.Length > 1024 ? message[..1024] : message;
}

/// <summary>What a ready media resource shows of its stored file and its source.</summary>
internal sealed record ReadyFile(string Sha256, string ContentType, long SizeBytes, int DurationMs, string? SourceEtag, DateTime? SourceLastModified);
