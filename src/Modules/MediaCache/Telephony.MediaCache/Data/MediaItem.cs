using Telephony.SharedKernel.Persistence;

namespace Telephony.MediaCache.Data;

internal enum MediaStatus
{
    Queued,
    Processing,
    Ready,
    Failed,

    /// <summary>The processed file was removed to keep the store under its budget; the next request fetches it again.</summary>
    Evicted,
}

/// <summary>An account's view of one cache key (normalised URL and format): what it asked for and what it got.</summary>
internal sealed class MediaItem : IListable
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    /// <summary>The URL as the account gave it; fetches use it, the cache key uses its normalised form.</summary>
    public required string Url { get; set; }

    public required string NormalisedUrl { get; init; }

    /// <summary>The shared cache key of (normalised URL, format); unique per account.</summary>
    public required string CacheKey { get; init; }

    public required string Format { get; init; }

    public MediaStatus Status { get; set; }

    public string? ContentSha256 { get; set; }

    public string? ContentType { get; set; }

    public long? SizeBytes { get; set; }

    public int? DurationMs { get; set; }

    public string? SourceEtag { get; set; }

    public DateTime? SourceLastModified { get; set; }

    public int? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public bool Pinned { get; set; }

    /// <summary>Background attempts so far; a transient failure is retried until the configured bound.</summary>
    public int Attempts { get; set; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }

    public DateTime? DateLastUsed { get; set; }
}
