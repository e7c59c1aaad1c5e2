using Telephony.MediaCache.Data;

namespace Telephony.MediaCache.Caching;

/// <summary>An immutable snapshot of a cache entry, held in memory so that a hit touches no database.</summary>
internal sealed record CachedMedia(
    string EntryId,
    string Scope,
    string Format,
    string ContentSha256,
    string ContentType,
    long SizeBytes,
    int DurationMs,
    string? SourceEtag,
    DateTime? SourceLastModified,
    DateTime FreshUntil,
    int StaleWhileRevalidateSeconds,
    bool MustRevalidate)
{
    public string FileName => $"{ContentSha256}.{Processing.MediaFormat.ExtensionOf(Format)}";

    public bool IsFresh(DateTime now) => now < FreshUntil;

    /// <summary>Stale, but the origin allowed serving it while a background revalidation runs.</summary>
    public bool MayServeStale(DateTime now) =>
        !MustRevalidate && StaleWhileRevalidateSeconds > 0 && now < FreshUntil.AddSeconds(StaleWhileRevalidateSeconds);

    public static CachedMedia From(CacheEntry entry, StoredFile file) => new(
        entry.Id,
        entry.Scope,
        entry.Format,
        entry.ContentSha256,
        file.ContentType,
        file.SizeBytes,
        file.DurationMs,
        entry.SourceEtag,
        entry.SourceLastModified,
        entry.FreshUntil,
        entry.StaleWhileRevalidateSeconds,
        entry.MustRevalidate);
}
