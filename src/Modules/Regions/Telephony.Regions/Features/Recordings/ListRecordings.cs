using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Recordings;

internal static class ListRecordings
{
    internal sealed record Query(string AccountSid, string? SessionSid, PageRequest Page) : IQuery<Page<RecordingResource>>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, TimeProvider clock) : IQueryHandler<Query, Page<RecordingResource>>
    {
        public async ValueTask<Page<RecordingResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var recordings = db.Recordings.Where(r => r.AccountSid == query.AccountSid);
            if (query.SessionSid is not null)
            {
                recordings = recordings.Where(r => r.SessionSid == query.SessionSid);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            return await recordings.ToPageAsync(query.Page, r => RecordingResource.From(r, catalog.Local, now), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder recordings) => recordings
        .MapGet("/", async Task<Ok<Dictionary<string, object?>>> ([FromQuery(Name = "SessionSid")] string? sessionSid, HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(http.User.AccountSidOf(), FormValues.Text(sessionSid, "SessionSid", 34), request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("recordings", page, request, http.Request));
        })
        .WithName("ListRecordings")
        .WithSummary("List the account's recordings held by this region's central media service");
}
