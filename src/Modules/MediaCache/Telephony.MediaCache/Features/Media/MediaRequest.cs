using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>A validated request for media: the URL as given, the parsed URL and the cache key.</summary>
internal sealed record MediaRequest(string Url, Uri Parsed, CacheKey Key)
{
    public static MediaRequest Parse(string? url, string? format, MediaCacheOptions options, string urlField = "Url")
    {
        var chosen = MediaFormat.Find(format) ?? throw ApiException.Invalid("Format", $"must be one of {MediaFormat.Names}");
        Uri parsed;
        try
        {
            parsed = CacheKey.ParseUrl(url);
        }
        catch (ApiException invalid) when (urlField != "Url")
        {
            throw ApiException.Invalid(urlField, invalid.Message["Url: ".Length..]);
        }

        return new MediaRequest(url!, parsed, CacheKey.From(parsed, chosen.Name, options.IgnoredQueryParameters));
    }

    public static MediaRequest Parse(string? url, string? format, IOptions<MediaCacheOptions> options) => Parse(url, format, options.Value);
}
