using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;

namespace Telephony.SharedKernel.Web;

/// <summary>
/// Twilio's paging: <c>PageSize</c> (1..1000, default 50), <c>Page</c> (the page number) and an
/// opaque <c>PageToken</c> naming where the next page starts. Tokens carry the position of the
/// last row seen, so following <c>next_page_url</c> is a keyset seek rather than an offset scan.
/// </summary>
public sealed record PageRequest(int PageSize, int Page, PageCursor? After)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public static PageRequest From(HttpRequest request)
    {
        var query = request.Query;
        var pageSize = ParseInt(query["PageSize"], "PageSize", DefaultPageSize, 1, MaxPageSize);
        var page = ParseInt(query["Page"], "Page", 0, 0, int.MaxValue);
        string? token = query["PageToken"];
        PageCursor? after = null;
        if (!string.IsNullOrEmpty(token))
        {
            after = PageCursor.Parse(token) ?? throw ApiException.Invalid("PageToken", "is not a token this API issued");
        }
        else if (page > 0)
        {
            after = new PageCursor(null, null, (long)page * pageSize);
        }

        return new PageRequest(pageSize, page, after);
    }

    private static int ParseInt(string? value, string field, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw ApiException.Invalid(field, $"must be an integer from {min} to {max}");
        }

        return parsed;
    }
}

/// <summary>
/// Where a page starts: after the row with this instant and sid (keyset), or at an offset when
/// the list is ordered by something that has no stable key.
/// </summary>
public sealed record PageCursor(DateTime? SortKey, string? Sid, long Offset)
{
    public string Encode() =>
        "PT" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Offset}\n{SortKey?.ToString("O", CultureInfo.InvariantCulture)}\n{Sid}"));

    public static PageCursor? Parse(string token)
    {
        if (!token.StartsWith("PT", StringComparison.Ordinal) || token.Length > 1024)
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(2))).Split('\n');
            if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return null;
            }

            // A token is the client's to send back, so it may come back edited: a key that does not
            // parse is a bad token (400), not a failed query.
            DateTime? sortKey = null;
            if (parts[1].Length > 0)
            {
                if (!DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
                {
                    return null;
                }

                sortKey = instant;
            }

            return new PageCursor(sortKey, parts[2].Length == 0 ? null : parts[2], offset);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>One page of a list, with what the next page needs.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, PageCursor? Next);

/// <summary>Twilio's v1 list envelope: the items under the resource's plural key and a <c>meta</c> block.</summary>
public static class ListEnvelope
{
    /// <param name="pinned">
    /// Query parameters the page links carry instead of the request's (a null value drops one): a list
    /// whose window is relative to now pins it, so that following the links later pages the same window.
    /// </param>
    public static Dictionary<string, object?> Create<T>(string key, Page<T> page, PageRequest request, HttpRequest http, IReadOnlyDictionary<string, string?>? pinned = null)
    {
        var previous = request.Page > 0
            ? PageUrl(http, pinned, request.PageSize, request.Page - 1, new PageCursor(null, null, (long)(request.Page - 1) * request.PageSize))
            : null;
        return new Dictionary<string, object?>
        {
            [key] = page.Items,
            ["meta"] = new Dictionary<string, object?>
            {
                ["page"] = request.Page,
                ["page_size"] = request.PageSize,
                ["first_page_url"] = PageUrl(http, pinned, request.PageSize, 0, null),
                ["previous_page_url"] = previous,
                ["url"] = http.GetEncodedUrl(),
                ["next_page_url"] = page.Next is null ? null : PageUrl(http, pinned, request.PageSize, request.Page + 1, page.Next),
                ["key"] = key,
            },
        };
    }

    private static string PageUrl(HttpRequest http, IReadOnlyDictionary<string, string?>? pinned, int pageSize, int page, PageCursor? cursor)
    {
        var query = http.Query
            .Where(pair => pair.Key is not ("PageSize" or "Page" or "PageToken") && pinned?.ContainsKey(pair.Key) != true)
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Concat((pinned ?? new Dictionary<string, string?>()).Where(pair => pair.Value is not null))
            .Append(KeyValuePair.Create("PageSize", (string?)pageSize.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("Page", (string?)page.ToString(CultureInfo.InvariantCulture)));
        if (cursor is not null)
        {
            query = query.Append(KeyValuePair.Create("PageToken", (string?)cursor.Encode()));
        }

        return UriHelper.BuildAbsolute(http.Scheme, http.Host, http.PathBase, http.Path, QueryString.Create(query));
    }
}
