using Telephony.MediaCache.Data;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>A media resource as the v1 API writes it.</summary>
internal sealed record MediaResource(
    string Sid,
    string AccountSid,
    string SourceUrl,
    string NormalisedUrl,
    string Format,
    string Status,
    bool Pinned,
    string? ContentUrl,
    string? ContentSha256,
    string? ContentType,
    long? SizeBytes,
    int? DurationMs,
    string? SourceEtag,
    string? SourceLastModified,
    int? ErrorCode,
    string? ErrorMessage,
    string? DateCreated,
    string? DateUpdated,
    string? DateLastUsed,
    string Url)
{
    public static MediaResource From(MediaItem media, string baseUrl) => new(
        media.Sid,
        media.AccountSid,
        media.Url,
        media.NormalisedUrl,
        media.Format,
        media.Status.ToString().ToLowerInvariant(),
        media.Pinned,
        media.ContentSha256 is null ? null : $"{baseUrl}{ContentPath(media.ContentSha256, media.Format)}",
        media.ContentSha256,
        media.ContentType,
        media.SizeBytes,
        media.DurationMs,
        media.SourceEtag,
        TwilioJson.Iso(media.SourceLastModified),
        media.ErrorCode,
        media.ErrorMessage,
        TwilioJson.Iso(media.DateCreated),
        TwilioJson.Iso(media.DateUpdated),
        TwilioJson.Iso(media.DateLastUsed),
        $"{baseUrl}/v1/Media/{media.Sid}");

    public static string ContentPath(string sha256, string format) => $"/v1/Media/Content/{sha256}.{MediaFormat.ExtensionOf(format)}";

    public static string BaseUrlOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
