using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// <c>GET|HEAD /v1/Media/Content/{sha256}.{wav|ulaw}</c>: the persistent address. The bytes at an
/// address never change, so it is cacheable forever with a strong ETag, and Range requests are
/// answered with 206. It needs no credentials: the address is the SHA-256 of the processed
/// bytes, which only someone who was given the address (or already has the audio) can know,
/// and the call router that plays it holds no account token.
/// </summary>
internal static class ServeContent
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    internal static void Map(IEndpointRouteBuilder endpoints) => endpoints
        .MapMethods("/v1/Media/Content/{FileName}", [HttpMethods.Get, HttpMethods.Head], async Task<Results<FileContentHttpResult, PhysicalFileHttpResult>> (
            string fileName,
            HttpContext http,
            MediaStore store,
            HotFiles hot,
            UsageTracker usage,
            TimeProvider clock) =>
        {
            var dot = fileName.IndexOf('.', StringComparison.Ordinal);
            var sha = dot == 64 ? fileName[..dot] : string.Empty;
            var format = MediaFormat.ByExtension(fileName.AsSpan(dot + 1));
            if (sha.Length != 64 || sha.AsSpan().ContainsAnyExcept(LowerHex) || format is null
                || (!hot.TryGet(store.PathFor(sha, format.Extension), out _) && !store.Exists(sha, format.Extension)))
            {
                throw ApiException.NotFound("Content", fileName);
            }

            usage.Touch(sha, null, clock.GetUtcNow().UtcDateTime);
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return await ContentResponse.FromMemoryAsync(http, store, hot, sha, format) is { } inMemory
                ? inMemory
                : ContentResponse.FromDisk(http, store, usage, sha, format);
        })
        .AllowAnonymous()
        .WithTags("Media")
        .WithName("GetMediaContent")
        .WithSummary("The processed audio at its persistent address")
        .WithDescription("Immutable and content-addressed: strong ETag, Cache-Control immutable, Range (206) and HEAD. No credentials needed: the address is the SHA-256 of the bytes.")
        .Produces(StatusCodes.Status200OK, contentType: "audio/wav")
        .Produces(StatusCodes.Status206PartialContent)
        .ProducesProblem(StatusCodes.Status404NotFound)
        // The hottest address of the layer, and it needs no credentials: answered as soon as it is
        // routed, without the authentication and body-limit middleware that follow routing.
        .ShortCircuit();
}
