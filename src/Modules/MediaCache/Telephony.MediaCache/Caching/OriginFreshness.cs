using Microsoft.Net.Http.Headers;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// How long an origin's answer may be reused, read as a shared cache reads it (RFC 9111):
/// <c>s-maxage</c> over <c>max-age</c> over <c>Expires</c> minus <c>Date</c>, less the answer's
/// <c>Age</c>; <c>no-store</c> and <c>no-cache</c> make it stale at once (no-store also keeps no
/// validators); <c>must-revalidate</c>/<c>proxy-revalidate</c> forbid serving it stale;
/// <c>stale-while-revalidate</c> allows a stale answer while a background revalidation runs.
/// With none of these, <see cref="MediaCacheOptions.DefaultTtl"/> applies.
/// </summary>
internal sealed record OriginFreshness(int LifetimeSeconds, int StaleWhileRevalidateSeconds, bool MustRevalidate, bool NoStore, bool Private, bool Explicit)
{
    public static OriginFreshness From(HttpResponseMessage response, TimeSpan defaultTtl)
    {
        var cacheControl = response.Headers.TryGetValues(HeaderNames.CacheControl, out var values)
            && CacheControlHeaderValue.TryParse(string.Join(", ", values), out var parsed)
                ? parsed
                : null;
        var age = response.Headers.Age ?? TimeSpan.Zero;
        var swr = StaleWhileRevalidate(cacheControl);
        var mustRevalidate = cacheControl is { MustRevalidate: true } or { ProxyRevalidate: true };
        var isPrivate = cacheControl is { Private: true };
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            return new OriginFreshness(0, 0, mustRevalidate, cacheControl.NoStore, isPrivate, Explicit: true);
        }

        TimeSpan? lifetime = cacheControl?.SharedMaxAge ?? cacheControl?.MaxAge;
        if (lifetime is null && response.Content.Headers.TryGetValues(HeaderNames.Expires, out var expiresValues))
        {
            // An Expires that does not parse means "already expired" (RFC 9111 section 5.3).
            var expires = HeaderUtilities.TryParseDate(expiresValues.FirstOrDefault(), out var at) ? at : DateTimeOffset.MinValue;
            var date = response.Headers.Date ?? DateTimeOffset.UtcNow;
            lifetime = expires > date ? expires - date : TimeSpan.Zero;
        }

        var isExplicit = lifetime is not null;
        var seconds = Math.Max(0, (lifetime ?? defaultTtl).TotalSeconds - age.TotalSeconds);
        return new OriginFreshness((int)Math.Min(seconds, int.MaxValue), swr, mustRevalidate, NoStore: false, isPrivate, isExplicit);
    }

    /// <summary>A 304 may update the lifetime; when it says nothing, the stored one stands.</summary>
    public OriginFreshness OrPrevious(int previousLifetime, int previousSwr, bool previousMustRevalidate) =>
        Explicit ? this : this with { LifetimeSeconds = previousLifetime, StaleWhileRevalidateSeconds = previousSwr, MustRevalidate = previousMustRevalidate };

    private static int StaleWhileRevalidate(CacheControlHeaderValue? cacheControl)
    {
        var extension = cacheControl?.Extensions.FirstOrDefault(e => e.Name.Equals("stale-while-revalidate", StringComparison.OrdinalIgnoreCase));
        return extension is not null && int.TryParse(extension.Value.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 0;
    }
}
