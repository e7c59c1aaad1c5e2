using Mediator;

namespace Telephony.MediaCache.Contracts;

/// <summary>
/// Asks the media layer for telephony-ready audio: answered from the cache, or fetched from the
/// origin, transcoded and stored first. Other modules (a call router playing a prompt) send this
/// and play <see cref="MediaFile.ContentPath"/>.
/// </summary>
/// <param name="AccountSid">The account the media resource belongs to.</param>
/// <param name="Url">The origin URL (http or https).</param>
/// <param name="Format">ulaw (default), alaw, pcm8k, pcm16k or ulaw-raw.</param>
public sealed record FetchMedia(string AccountSid, string Url, string? Format = null) : ICommand<MediaFile>;

/// <summary>A processed file at its persistent, content-addressed location.</summary>
/// <param name="MediaSid">The account's media resource (ME...).</param>
/// <param name="ContentSha256">SHA-256 of the processed bytes, also its strong ETag.</param>
/// <param name="ContentPath">The persistent address, relative to the host: /v1/Media/Content/{sha256}.{wav|ulaw}.</param>
/// <param name="CacheStatus">hit, miss, revalidated or stale.</param>
public sealed record MediaFile(
    string MediaSid,
    string Format,
    string ContentSha256,
    string ContentPath,
    string ContentType,
    long SizeBytes,
    int DurationMs,
    string CacheStatus);
