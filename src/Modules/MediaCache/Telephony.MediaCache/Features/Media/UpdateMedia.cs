using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.MediaCache.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary><c>POST /v1/Media/{Sid}</c> with <c>Pinned</c>: pinned media is never evicted, by the budget or by DELETE.</summary>
internal static class UpdateMedia
{
    internal sealed record Command(string AccountSid, string MediaSid, string? Pinned, string BaseUrl) : ICommand<MediaResource>;

    internal sealed class Handler(MediaCacheDb db, TimeProvider clock) : ICommandHandler<Command, MediaResource>
    {
        public async ValueTask<MediaResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var pinned = ParsePinned(command.Pinned);
            var media = await GetMedia.FindAsync(db, command.AccountSid, command.MediaSid, cancellationToken);
            if (media.Pinned != pinned)
            {
                media.Pinned = pinned;
                media.DateUpdated = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(cancellationToken);
            }

            return MediaResource.From(media, command.BaseUrl);
        }
    }

    internal static bool ParsePinned(string? value) =>
        bool.TryParse(value, out var pinned) ? pinned : throw ApiException.Invalid("Pinned", "must be true or false");

    internal static void Map(RouteGroupBuilder media) => media
        .MapPost("/{Sid}", async Task<Ok<MediaResource>> (string sid, [FromForm(Name = "Pinned")] string? pinned, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Command(http.User.AccountSidOf(), sid, pinned, MediaResource.BaseUrlOf(http.Request)), http.RequestAborted)))
        .WithName("UpdateMedia")
        .WithSummary("Pin or unpin media")
        .WithDescription("Pinned=true keeps the media's file through evictions and refuses DELETE until it is unpinned.")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
