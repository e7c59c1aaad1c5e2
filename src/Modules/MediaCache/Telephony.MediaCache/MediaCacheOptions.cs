using System.ComponentModel.DataAnnotations;

namespace Telephony.MediaCache;

/// <summary>The media layer's settings (section <c>MediaCache</c>).</summary>
internal sealed class MediaCacheOptions
{
    public const string Section = "MediaCache";

    /// <summary>Budget for processed files; the eviction job removes least-recently used media above it.</summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Largest origin download accepted (Twilio's Play accepts up to 250 MB).</summary>
    [Range(typeof(long), "1", "17179869184")]
    public long MaxSourceBytes { get; set; } = 250L * 1024 * 1024;

    /// <summary>Longest media accepted (Twilio's Play: one hour).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Freshness when the origin sends no Cache-Control max-age, s-maxage or Expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whole origin download, headers to last byte.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One ffmpeg run; a malformed input can make ffmpeg hang.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TranscodeTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Folder holding ffmpeg; empty means the PATH.</summary>
    public string? FfmpegFolder { get; set; }

    /// <summary>
    /// Query parameters left out of the cache key (a trailing * matches a prefix): pre-signed URL
    /// signatures that change on every request. Keys that drop any are cached per account.
    /// </summary>
    public string[] IgnoredQueryParameters { get; set; } =
        ["X-Amz-*", "X-Goog-*", "AWSAccessKeyId", "Signature", "Expires", "Key-Pair-Id", "Policy", "sig", "se", "st"];

    /// <summary>Background attempts for a media resource before it is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>URLs in one prefetch request.</summary>
    [Range(1, 10_000)]
    public int MaxPrefetchUrls { get; set; } = 100;

    /// <summary>Memory for hot processed files served from RAM (0 turns it off); files stay on disk too.</summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long MemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest processed file kept in memory; larger ones are streamed from disk.</summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long MemoryFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Cron for the eviction job.</summary>
    public string EvictionSchedule { get; set; } = "*/5 * * * *";

    /// <summary>How often last-used times are written from memory to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(10);
}
