using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Processing;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// Answers a processed file: from memory when it is small (one write, no file I/O), else
/// streamed from disk under a lease that keeps eviction from deleting it mid-response. Both
/// carry the strong ETag (the SHA-256) and Last-Modified, and answer Range, HEAD and If-None-Match.
/// </summary>
internal static class ContentResponse
{
    /// <returns>Null when the file is too large to keep in memory (or gone): serve it from disk.</returns>
    public static async ValueTask<FileContentHttpResult?> FromMemoryAsync(HttpContext http, MediaStore store, HotFiles hot, string sha, MediaFormat format)
    {
        var path = store.PathFor(sha, format.Extension);
        return hot.TryGet(path, out var file) || (file = await hot.LoadAsync(path, http.RequestAborted)) is not null
            ? TypedResults.Bytes(file.Bytes, format.ContentType, enableRangeProcessing: true, lastModified: file.LastModified, entityTag: ETagOf(sha))
            : null;
    }

    public static PhysicalFileHttpResult FromDisk(HttpContext http, MediaStore store, UsageTracker usage, string sha, MediaFormat format)
    {
        http.Response.RegisterForDispose(usage.Lease(sha));
        return TypedResults.PhysicalFile(store.PathFor(sha, format.Extension), format.ContentType, enableRangeProcessing: true, entityTag: ETagOf(sha));
    }

    private static EntityTagHeaderValue ETagOf(string sha) => new($"\"{sha}\"");
}
