using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Recordings;

internal static class FetchRecording
{
    internal sealed record Query(string AccountSid, string Sid) : IQuery<RecordingResource>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, TimeProvider clock) : IQueryHandler<Query, RecordingResource>
    {
        public async ValueTask<RecordingResource> Handle(Query query, CancellationToken cancellationToken) =>
            RecordingResource.From(await Owned(db, query.AccountSid, query.Sid, cancellationToken), catalog.Local, clock.GetUtcNow().UtcDateTime);
    }

    internal static async Task<Recording> Owned(RegionsDb db, string accountSid, string sid, CancellationToken cancellationToken) =>
        await db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Sid == sid && r.AccountSid == accountSid, cancellationToken)
            ?? throw ApiException.NotFound("Recording", sid);

    internal static void Map(IEndpointRouteBuilder recordings) => recordings
        .MapGet("/{Sid}", async Task<Ok<RecordingResource>> (string sid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf(), sid), http.RequestAborted)))
        .WithName("FetchRecording")
        .WithSummary("Fetch a recording: status in-progress, buffering (media waits in the media region) or completed")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
