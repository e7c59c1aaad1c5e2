using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// <c>DELETE /v1/Media/{Sid}</c>: removes the account's resource and evicts its file unless another
/// resource still uses it or it is being served. Pinned media is refused (409): unpin it first.
/// </summary>
internal static class DeleteMedia
{
    internal sealed record Command(string AccountSid, string MediaSid) : ICommand<bool>;

    internal sealed class Handler(MediaCacheDb db, CacheIndex index, UsageTracker usage, MediaStore store, MediaStatistics statistics) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var media = await GetMedia.FindAsync(db, command.AccountSid, command.MediaSid, cancellationToken);
            if (media.Pinned)
            {
                throw ApiException.Conflict("Pinned media is not deleted; unpin it first (POST Pinned=false).", "Pinned");
            }

            db.Media.Remove(media);
            await db.SaveChangesAsync(cancellationToken);
            index.ForgetMedia(media.AccountSid, media.CacheKey);
            if (media.ContentSha256 is { } sha && !await db.Media.AnyAsync(m => m.ContentSha256 == sha, cancellationToken) && !usage.InUse(sha))
            {
                await EvictMedia.RemoveFileAsync(db, index, store, statistics, sha, cancellationToken);
            }

            return true;
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapDelete("/{Sid}", async Task<NoContent> (string sid, HttpContext http, ISender sender) =>
        {
            await sender.Send(new Command(http.User.AccountSidOf(), sid), http.RequestAborted);
            return TypedResults.NoContent();
        })
        .WithName("DeleteMedia")
        .WithSummary("Delete media and evict its file")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
