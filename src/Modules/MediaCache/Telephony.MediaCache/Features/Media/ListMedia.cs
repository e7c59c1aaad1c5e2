using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary><c>GET /v1/Media</c>: the account's media, oldest first, filtered by status, format or pin.</summary>
internal static class ListMedia
{
    internal sealed record Query(string AccountSid, string? Status, string? Format, string? Pinned, PageRequest Page, string BaseUrl) : IQuery<Page<MediaResource>>;

    internal sealed class Handler(MediaCacheDb db) : IQueryHandler<Query, Page<MediaResource>>
    {
        public async ValueTask<Page<MediaResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var media = db.Media.Where(m => m.AccountSid == query.AccountSid);
            if (!string.IsNullOrEmpty(query.Status))
            {
                var status = Enum.TryParse<MediaStatus>(query.Status, ignoreCase: true, out var parsed) && !int.TryParse(query.Status, out _)
                    ? parsed
                    : throw ApiException.Invalid("Status", "must be one of queued, processing, ready, failed, evicted");
                media = media.Where(m => m.Status == status);
            }

            if (!string.IsNullOrEmpty(query.Format))
            {
                var format = MediaFormat.Find(query.Format) ?? throw ApiException.Invalid("Format", $"must be one of {MediaFormat.Names}");
                media = media.Where(m => m.Format == format.Name);
            }

            if (!string.IsNullOrEmpty(query.Pinned))
            {
                var pinned = UpdateMedia.ParsePinned(query.Pinned);
                media = media.Where(m => m.Pinned == pinned);
            }

            return await media.ToPageAsync(query.Page, m => MediaResource.From(m, query.BaseUrl), cancellationToken);
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapGet("/", async Task<Ok<Dictionary<string, object?>>> (
            [FromQuery(Name = "Status")] string? status,
            [FromQuery(Name = "Format")] string? format,
            [FromQuery(Name = "Pinned")] string? pinned,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(http.User.AccountSidOf(), status, format, pinned, request, MediaResource.BaseUrlOf(http.Request)), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("media", page, request, http.Request));
        })
        .WithName("ListMedia")
        .WithSummary("List the account's media")
        .WithDescription("Filters: Status (queued, processing, ready, failed, evicted), Format, Pinned (true/false). Paging: PageSize, Page, PageToken.");
}
