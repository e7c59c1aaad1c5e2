using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Telephony.MediaCache.Caching;

/// <summary>How a media request was answered.</summary>
internal enum CacheOutcome
{
    /// <summary>A fresh stored answer, or the result of a fetch another request had started.</summary>
    Hit,
    Miss,

    /// <summary>Stale, the origin answered 304, the stored file was kept.</summary>
    Revalidated,

    /// <summary>Stale within stale-while-revalidate; a background revalidation was started.</summary>
    Stale,
}

/// <summary>
/// Counters since the process started, per account (what <c>GET /v1/Media/Statistics</c> shows a
/// tenant) and as <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>Telephony.MediaCache</c>).
/// </summary>
internal sealed class MediaStatistics
{
    public const string MeterName = "Telephony.MediaCache";

    private readonly ConcurrentDictionary<string, AccountCounters> _accounts = new(StringComparer.Ordinal);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _fetchBytes;
    private readonly Counter<long> _transcodes;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _evictions;
    private readonly Histogram<double> _transcodeSeconds;
    private long _storeBytes;
    private long _storeFiles;
    private long _evictionCount;

    public MediaStatistics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("mediacache.requests", description: "Media requests by outcome (hit, miss, revalidated, stale)");
        _fetchBytes = meter.CreateCounter<long>("mediacache.fetch.bytes", unit: "By", description: "Bytes downloaded from origins");
        _transcodes = meter.CreateCounter<long>("mediacache.transcodes", description: "ffmpeg transcodes run");
        _failures = meter.CreateCounter<long>("mediacache.failures", description: "Media requests that failed");
        _evictions = meter.CreateCounter<long>("mediacache.evictions", description: "Stored files evicted");
        _transcodeSeconds = meter.CreateHistogram<double>("mediacache.transcode.duration", unit: "s");
        meter.CreateObservableGauge("mediacache.store.bytes", () => Interlocked.Read(ref _storeBytes), unit: "By");
        meter.CreateObservableGauge("mediacache.store.files", () => Interlocked.Read(ref _storeFiles));
    }

    public long StoreBytes => Interlocked.Read(ref _storeBytes);

    public long StoreFiles => Interlocked.Read(ref _storeFiles);

    public long Evictions => Interlocked.Read(ref _evictionCount);

    public AccountCounters For(string accountSid) => _accounts.GetOrAdd(accountSid, _ => new AccountCounters());

    public void Request(string accountSid, CacheOutcome outcome)
    {
        var counters = For(accountSid);
        switch (outcome)
        {
            case CacheOutcome.Hit:
                Interlocked.Increment(ref counters.Hits);
                break;
            case CacheOutcome.Miss:
                Interlocked.Increment(ref counters.Misses);
                break;
            case CacheOutcome.Revalidated:
                Interlocked.Increment(ref counters.Revalidations);
                break;
            default:
                Interlocked.Increment(ref counters.StaleServed);
                break;
        }

        _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
    }

    public void Fetched(string accountSid, long bytes)
    {
        Interlocked.Add(ref For(accountSid).FetchBytes, bytes);
        _fetchBytes.Add(bytes);
    }

    public void Transcoded(string accountSid, TimeSpan took)
    {
        Interlocked.Increment(ref For(accountSid).Transcodes);
        _transcodes.Add(1);
        _transcodeSeconds.Record(took.TotalSeconds);
    }

    public void Failed(string accountSid)
    {
        Interlocked.Increment(ref For(accountSid).Failures);
        _failures.Add(1);
    }

    public void Evicted(long bytes)
    {
        Interlocked.Increment(ref _evictionCount);
        _evictions.Add(1);
        FileRemoved(bytes);
    }

    public void FileStored(long bytes)
    {
        Interlocked.Add(ref _storeBytes, bytes);
        Interlocked.Increment(ref _storeFiles);
    }

    public void FileRemoved(long bytes)
    {
        Interlocked.Add(ref _storeBytes, -bytes);
        Interlocked.Decrement(ref _storeFiles);
    }

    public void ResetStore(long bytes, long files)
    {
        Interlocked.Exchange(ref _storeBytes, bytes);
        Interlocked.Exchange(ref _storeFiles, files);
    }

    internal sealed class AccountCounters
    {
#pragma warning disable CA1051 // Fields, so Interlocked can take them by reference.
        public long Hits;
        public long Misses;
        public long Revalidations;
        public long StaleServed;
        public long FetchBytes;
        public long Transcodes;
        public long Failures;
#pragma warning restore CA1051
    }
}
