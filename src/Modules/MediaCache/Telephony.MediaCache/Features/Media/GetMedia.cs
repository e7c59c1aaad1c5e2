using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.MediaCache.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary><c>GET /v1/Media/{Sid}</c>.</summary>
internal static class GetMedia
{
    internal sealed record Query(string AccountSid, string MediaSid, string BaseUrl) : IQuery<MediaResource>;

    internal sealed class Handler(MediaCacheDb db) : IQueryHandler<Query, MediaResource>
    {
        public async ValueTask<MediaResource> Handle(Query query, CancellationToken cancellationToken) =>
            MediaResource.From(await FindAsync(db, query.AccountSid, query.MediaSid, cancellationToken), query.BaseUrl);
    }

    /// <summary>The account's media resource; another account's is a 404, like one that does not exist.</summary>
    internal static async Task<MediaItem> FindAsync(MediaCacheDb db, string accountSid, string mediaSid, CancellationToken cancellationToken) =>
        await db.Media.SingleOrDefaultAsync(m => m.Sid == mediaSid && m.AccountSid == accountSid, cancellationToken)
            ?? throw ApiException.NotFound("Media", mediaSid);

    internal static void Map(RouteGroupBuilder media) => media
        .MapGet("/{Sid}", async Task<Ok<MediaResource>> (string sid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf(), sid, MediaResource.BaseUrlOf(http.Request)), http.RequestAborted)))
        .WithName("GetMedia")
        .WithSummary("Fetch a media resource")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
