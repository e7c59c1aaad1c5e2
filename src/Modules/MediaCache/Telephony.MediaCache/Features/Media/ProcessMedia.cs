using Mediator;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// The background half of <c>POST /v1/Media</c> and of prefetch, run by <see cref="Jobs.ProcessMediaJob"/>.
/// Idempotent: a retry or a re-run after a crash finds the media ready and stops, or joins the
/// flight already fetching it. A transient failure (the origin down) throws so the job is retried,
/// up to <c>MediaCache:MaxAttempts</c>; a failure of the media itself (422) fails it at once.
/// </summary>
internal static class ProcessMedia
{
    internal sealed record Command(string MediaSid) : ICommand<bool>;

    internal sealed class Handler(
        MediaCacheDb db,
        MediaPipeline pipeline,
        UsageTracker usage,
        TimeProvider clock,
        IOptions<MediaCacheOptions> options) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var media = await db.Media.FindAsync([command.MediaSid], cancellationToken);
            if (media is null)
            {
                return false; // Deleted while queued.
            }

            var request = MediaRequest.Parse(media.Url, media.Format, options);
            var now = clock.GetUtcNow().UtcDateTime;
            var cached = pipeline.Lookup(media.AccountSid, request.Key);
            if (media.Status == MediaStatus.Ready && cached is not null && cached.IsFresh(now) && cached.ContentSha256 == media.ContentSha256 && pipeline.IsServable(cached))
            {
                return true;
            }

            media.Status = MediaStatus.Processing;
            media.Attempts++;
            media.DateUpdated = now;
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                var resolved = await pipeline.ResolveAsync(media.AccountSid, request.Parsed, request.Key, cancellationToken);
                await AccountMedia.MarkReadyAsync(db, media.Sid, resolved.Media, clock.GetUtcNow().UtcDateTime, cancellationToken);
                usage.Touch(resolved.Media.ContentSha256, null, clock.GetUtcNow().UtcDateTime);
                return true;
            }
            catch (ApiException failure)
            {
                await AccountMedia.MarkFailedAsync(db, media.Sid, failure, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
                if (MediaErrors.IsTransient(failure) && media.Attempts < options.Value.MaxAttempts)
                {
                    throw new MediaRetryException(media.Sid, media.Attempts, failure);
                }

                return false;
            }
        }
    }
}

/// <summary>Thrown to let the job scheduler retry a transient failure.</summary>
internal sealed class MediaRetryException(string mediaSid, int attempt, Exception inner)
    : Exception($"Media {mediaSid} attempt {attempt} failed transiently: {inner.Message}", inner);
