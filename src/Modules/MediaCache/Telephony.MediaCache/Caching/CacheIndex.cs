using System.Collections.Concurrent;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// The in-memory face of the database's cache entries and of which account already has a media
/// resource for which key. Loaded at start-up, updated after every commit; the database stays
/// the record, so a restart loses nothing.
/// </summary>
internal sealed class CacheIndex
{
    private readonly ConcurrentDictionary<string, CachedMedia> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Key), string> _mediaSids = new();

    public CachedMedia? Find(string entryId) => _entries.GetValueOrDefault(entryId);

    public void Put(CachedMedia media) => _entries[media.EntryId] = media;

    public void Remove(string entryId) => _entries.TryRemove(entryId, out _);

    public void RemoveContent(string contentSha256)
    {
        foreach (var (id, media) in _entries)
        {
            if (media.ContentSha256 == contentSha256)
            {
                _entries.TryRemove(KeyValuePair.Create(id, media));
            }
        }
    }

    public string? MediaSidFor(string accountSid, string cacheKey) => _mediaSids.GetValueOrDefault((accountSid, cacheKey));

    public void RememberMedia(string accountSid, string cacheKey, string mediaSid) => _mediaSids[(accountSid, cacheKey)] = mediaSid;

    public void ForgetMedia(string accountSid, string cacheKey) => _mediaSids.TryRemove((accountSid, cacheKey), out _);
}
