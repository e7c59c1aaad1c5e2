using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Jobs;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary><c>POST /v1/Media</c>: fetch and transcode in the background.</summary>
internal static class CreateMedia
{
    internal sealed record Command(string AccountSid, string? Url, string? Format, string? Pinned, string BaseUrl) : ICommand<MediaResource>;

    internal sealed class Handler(MediaCacheDb db, MediaQueue queue, IOptions<MediaCacheOptions> options) : ICommandHandler<Command, MediaResource>
    {
        public async ValueTask<MediaResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var request = MediaRequest.Parse(command.Url, command.Format, options);
            bool? pinned = command.Pinned is null ? null : UpdateMedia.ParsePinned(command.Pinned);
            var media = await queue.QueueAsync(db, command.AccountSid, request, pinned, cancellationToken);
            return MediaResource.From(media, command.BaseUrl);
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapPost("/", async Task<Accepted<MediaResource>> (
            [FromForm(Name = "Url")] string? url,
            [FromForm(Name = "Format")] string? format,
            [FromForm(Name = "Pinned")] string? pinned,
            HttpContext http,
            ISender sender) =>
        {
            var resource = await sender.Send(new Command(http.User.AccountSidOf(), url, format, pinned, MediaResource.BaseUrlOf(http.Request)), http.RequestAborted);
            return TypedResults.Accepted(resource.Url, resource);
        })
        .WithName("CreateMedia")
        .WithSummary("Request media in the background")
        .WithDescription("Answers 202 with the account's media resource for (Url, Format) at once; a job fetches and transcodes it. " +
            "Asking again for the same media returns the same resource (queued again if it failed or was evicted).");
}

/// <summary>Creates or re-queues an account's media resource and starts its job.</summary>
internal sealed class MediaQueue(MediaPipeline pipeline, CacheIndex index, MediaJobs jobs, TimeProvider clock)
{
    public async Task<MediaItem> QueueAsync(MediaCacheDb db, string accountSid, MediaRequest request, bool? pinned, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var media = await db.Media.SingleOrDefaultAsync(m => m.AccountSid == accountSid && m.CacheKey == request.Key.SharedId, cancellationToken);
        var isNew = media is null;
        if (media is null)
        {
            media = AccountMedia.New(accountSid, request.Url, request.Key, MediaStatus.Queued, now);
            db.Media.Add(media);
        }

        media.Pinned = pinned ?? media.Pinned;
        var cached = pipeline.Lookup(accountSid, request.Key);
        var ready = cached is not null && cached.IsFresh(now) && pipeline.IsServable(cached);
        var queue = !ready && (isNew || media.Status is not (MediaStatus.Queued or MediaStatus.Processing));
        if (ready)
        {
            Show(media, cached!, now);
        }
        else if (queue)
        {
            media.Url = request.Url;
            media.Status = MediaStatus.Queued;
            media.Attempts = 0;
            media.ErrorCode = null;
            media.ErrorMessage = null;
            media.DateUpdated = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (isNew)
        {
            // A concurrent request created the account's resource for this key first: answer with it.
            db.Entry(media).State = EntityState.Detached;
            return await db.Media.AsNoTracking().SingleAsync(m => m.AccountSid == accountSid && m.CacheKey == request.Key.SharedId, cancellationToken);
        }

        index.RememberMedia(accountSid, request.Key.SharedId, media.Sid);
        if (queue)
        {
            var sid = media.Sid;
            jobs.Enqueue<ProcessMediaJob>(job => job.RunAsync(sid, CancellationToken.None));
        }

        return media;
    }

    public static void Show(MediaItem media, CachedMedia cached, DateTime now)
    {
        media.Status = MediaStatus.Ready;
        media.ContentSha256 = cached.ContentSha256;
        media.ContentType = cached.ContentType;
        media.SizeBytes = cached.SizeBytes;
        media.DurationMs = cached.DurationMs;
        media.SourceEtag = cached.SourceEtag;
        media.SourceLastModified = cached.SourceLastModified;
        media.ErrorCode = null;
        media.ErrorMessage = null;
        media.DateUpdated = now;
    }
}
