namespace Telephony.MediaCache.Data;

/// <summary>
/// What the origin said about one cache key, and the processed file it produced. Shared by every
/// account unless the origin marked the answer private or the key dropped credential parameters;
/// then <see cref="Scope"/> names the one account it belongs to.
/// </summary>
internal sealed class CacheEntry
{
    /// <summary>SHA-256 of scope, normalised URL and format.</summary>
    public required string Id { get; init; }

    /// <summary>Empty for a shared entry, otherwise the account sid.</summary>
    public required string Scope { get; init; }

    public required string NormalisedUrl { get; init; }

    public required string Format { get; init; }

    public required string ContentSha256 { get; set; }

    /// <summary>SHA-256 of the origin's bytes: a rotated pre-signed URL with the same bytes reuses the transcode.</summary>
    public required string SourceSha256 { get; set; }

    public string? SourceEtag { get; set; }

    public DateTime? SourceLastModified { get; set; }

    public DateTime DateFetched { get; set; }

    public DateTime DateValidated { get; set; }

    public DateTime FreshUntil { get; set; }

    /// <summary>Freshness lifetime the origin gave, reused when a 304 carries no new one.</summary>
    public int LifetimeSeconds { get; set; }

    public int StaleWhileRevalidateSeconds { get; set; }

    public bool MustRevalidate { get; set; }
}
