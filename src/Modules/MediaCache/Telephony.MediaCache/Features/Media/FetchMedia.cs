using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Contracts;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary><c>GET /v1/Media/Fetch</c>: the media request of a call router.</summary>
internal static class FetchMediaFeature
{
    internal sealed class Handler(
        MediaPipeline pipeline,
        AccountMedia accountMedia,
        UsageTracker usage,
        TimeProvider clock,
        IOptions<MediaCacheOptions> options) : ICommandHandler<FetchMedia, MediaFile>
    {
        public async ValueTask<MediaFile> Handle(FetchMedia command, CancellationToken cancellationToken)
        {
            var format = MediaFormat.Find(command.Format) ?? throw ApiException.Invalid("Format", $"must be one of {MediaFormat.Names}");
            var url = CacheKey.ParseUrl(command.Url);
            var key = CacheKey.From(url, format.Name, options.Value.IgnoredQueryParameters);
            // A first request writes the account's media row while the flight fetches and
            // transcodes: the miss does not wait for the insert before starting.
            var ensuring = accountMedia.EnsureAsync(command.AccountSid, command.Url, key, cancellationToken);
            Resolved resolved;
            try
            {
                resolved = await pipeline.ResolveAsync(command.AccountSid, url, key, cancellationToken);
            }
            catch (ApiException failure)
            {
                // The flight marks the key's resources failed; this one may have been written after it.
                if (await ensuring is (var failedSid, Created: true))
                {
                    await accountMedia.ShowFailedAsync(failedSid, failure, clock.GetUtcNow().UtcDateTime);
                }

                throw;
            }

            var (sid, created) = await ensuring;
            var now = clock.GetUtcNow().UtcDateTime;
            if (created)
            {
                await accountMedia.ShowReadyAsync(sid, resolved.Media, now, cancellationToken);
            }

            usage.Touch(resolved.Media.ContentSha256, sid, now);
            var media = resolved.Media;
            return new MediaFile(
                sid,
                media.Format,
                media.ContentSha256,
                MediaResource.ContentPath(media.ContentSha256, media.Format),
                media.ContentType,
                media.SizeBytes,
                media.DurationMs,
                resolved.Outcome.ToString().ToLowerInvariant());
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapGet("/Fetch", async Task<Results<FileContentHttpResult, PhysicalFileHttpResult, RedirectHttpResult>> (
            [FromQuery(Name = "Url")] string? url,
            [FromQuery(Name = "Format")] string? format,
            [FromQuery(Name = "Redirect")] string? redirect,
            HttpContext http,
            ISender sender,
            MediaStore store,
            HotFiles hot,
            UsageTracker usage) =>
        {
            var toAddress = redirect switch
            {
                null or "" => false,
                _ when bool.TryParse(redirect, out var parsed) => parsed,
                _ => throw ApiException.Invalid("Redirect", "must be true or false"),
            };
            var file = await sender.Send(new FetchMedia(http.User.AccountSidOf(), url ?? string.Empty, format), http.RequestAborted);
            http.Response.Headers["X-Cache"] = file.CacheStatus.ToUpperInvariant();
            http.Response.Headers["X-Media-Sid"] = file.MediaSid;
            if (toAddress)
            {
                return TypedResults.Redirect(MediaResource.BaseUrlOf(http.Request) + file.ContentPath);
            }

            // The answer at this address can change with the origin; the ETag makes re-asking cheap.
            http.Response.Headers.CacheControl = "private, no-cache";
            var produced = MediaFormat.All[file.Format];
            return await ContentResponse.FromMemoryAsync(http, store, hot, file.ContentSha256, produced) is { } inMemory
                ? inMemory
                : ContentResponse.FromDisk(http, store, usage, file.ContentSha256, produced);
        })
        .WithName("FetchMedia")
        .WithSummary("Fetch media, transcoded for telephony")
        .WithDescription("Answers the processed audio from the cache, or fetches the origin, transcodes and stores it first. " +
            "Format: ulaw (default, 8 kHz mono mu-law WAV), alaw, pcm8k, pcm16k, ulaw-raw. Redirect=true answers 302 to the persistent content address instead. " +
            "X-Cache tells hit, miss, revalidated or stale; X-Media-Sid names the account's media resource.")
        .Produces(StatusCodes.Status200OK, contentType: "audio/wav")
        .Produces(StatusCodes.Status302Found)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status502BadGateway);
}
