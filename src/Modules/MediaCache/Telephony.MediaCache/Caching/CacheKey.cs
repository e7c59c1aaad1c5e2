using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Telephony.SharedKernel.Outbound;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// The cache key: a normalised URL and an output format. Normalising makes spellings of one
/// resource meet: lower-case scheme and host, IDN host as punycode, default port dropped, dot
/// segments resolved, percent-encoding made canonical, the fragment dropped, query parameters
/// sorted by name (order among equal names kept), and volatile signature parameters
/// (<see cref="MediaCacheOptions.IgnoredQueryParameters"/>) left out. A key that left any out
/// is private to the account, since the dropped parameters were what authorised the fetch.
/// </summary>
internal sealed record CacheKey(string NormalisedUrl, string Format, bool AccountScoped)
{
    /// <summary>The key shared by every account: what coalesces fetches and names a media resource's key.</summary>
    public string SharedId => Hash(string.Empty, NormalisedUrl, Format);

    /// <summary>The id of the cache entry this account may read (its own if the key is account-scoped).</summary>
    public string EntryIdFor(string accountSid, bool privateAnswer) =>
        AccountScoped || privateAnswer ? Hash(accountSid, NormalisedUrl, Format) : SharedId;

    public static Uri ParseUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw ApiException.Invalid("Url", "is required");
        }

        if (url.Length > Data.MediaCacheDb.MaxUrlLength)
        {
            throw ApiException.Invalid("Url", $"must be at most {Data.MediaCacheDb.MaxUrlLength} characters");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !OutboundAddressGuard.IsAllowedScheme(uri))
        {
            throw ApiException.Invalid("Url", "must be an absolute http or https URL");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ApiException.Invalid("Url", "must not carry credentials (user:password@); use a pre-signed URL instead");
        }

        return uri;
    }

    public static CacheKey From(Uri uri, string format, IReadOnlyCollection<string> ignoredParameters)
    {
        var builder = new StringBuilder(uri.Scheme).Append("://").Append(uri.IdnHost.ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        // AbsolutePath is already dot-segment resolved and escaped canonically by Uri.
        builder.Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath);
        var dropped = false;
        var kept = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(uri.Query))
        {
            if (IsIgnored(name, ignoredParameters))
            {
                dropped = true;
                continue;
            }

            kept.AddRange(values.Select(value => KeyValuePair.Create(name, value ?? string.Empty)));
        }

        var separator = '?';
        foreach (var (name, value) in kept.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new CacheKey(builder.ToString(), format, dropped);
    }

    private static bool IsIgnored(string name, IReadOnlyCollection<string> ignored) => ignored.Any(pattern =>
        pattern.EndsWith('*')
            ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : name.Equals(pattern, StringComparison.OrdinalIgnoreCase));

    private static string Hash(string scope, string url, string format) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{format}\n{url}")));
}
