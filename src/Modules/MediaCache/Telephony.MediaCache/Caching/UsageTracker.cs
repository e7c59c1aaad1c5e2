using System.Collections.Concurrent;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// Last-used times kept in memory and written in batches (a hit must not wait on a database
/// write), and leases on files being served, which eviction never deletes.
/// </summary>
internal sealed class UsageTracker
{
    private readonly ConcurrentDictionary<string, DateTime> _filesUsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _mediaUsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _leases = new(StringComparer.Ordinal);

    public void Touch(string contentSha256, string? mediaSid, DateTime now)
    {
        _filesUsed[contentSha256] = now;
        if (mediaSid is not null)
        {
            _mediaUsed[mediaSid] = now;
        }
    }

    /// <summary>Marks the file in use until the lease is disposed.</summary>
    public IDisposable Lease(string contentSha256)
    {
        _leases.AddOrUpdate(contentSha256, 1, (_, count) => count + 1);
        return new Release(this, contentSha256);
    }

    public bool InUse(string contentSha256) => _leases.TryGetValue(contentSha256, out var count) && count > 0;

    /// <summary>Takes the pending last-used times; the caller writes them.</summary>
    public (IReadOnlyDictionary<string, DateTime> Files, IReadOnlyDictionary<string, DateTime> Media) Drain()
    {
        return (Take(_filesUsed), Take(_mediaUsed));

        static Dictionary<string, DateTime> Take(ConcurrentDictionary<string, DateTime> pending)
        {
            var taken = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var key in pending.Keys)
            {
                if (pending.TryRemove(key, out var at))
                {
                    taken[key] = at;
                }
            }

            return taken;
        }
    }

    private sealed class Release(UsageTracker tracker, string sha) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                tracker._leases.AddOrUpdate(sha, 0, (_, count) => count - 1);
                tracker._leases.TryRemove(KeyValuePair.Create(sha, 0));
            }
        }
    }
}
