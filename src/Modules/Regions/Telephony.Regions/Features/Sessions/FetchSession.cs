using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal static class FetchSession
{
    internal sealed record Query(string AccountSid, string Sid) : IQuery<SessionResource>;

    /// <summary>Refreshes the leg from the media region (failovers happen there); when it is unreachable, the last state known is shown and says so.</summary>
    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, MediaGateway media, TimeProvider clock) : IQueryHandler<Query, SessionResource>
    {
        public async ValueTask<SessionResource> Handle(Query query, CancellationToken cancellationToken)
        {
            var session = await Owned(db, query.AccountSid, query.Sid, cancellationToken);
            var leg = await media.TryFetchAsync(session.MediaRegion, session.LegSid, cancellationToken);
            if (leg is not null)
            {
                session.LegJson = JsonSerializer.Serialize(leg, TwilioJson.Options);
                session.DateUpdated = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(cancellationToken);
            }

            return SessionResource.From(session, catalog, reachable: leg is not null);
        }
    }

    /// <summary>Another account's session is a 404, the same as one that does not exist.</summary>
    internal static async Task<Session> Owned(RegionsDb db, string accountSid, string sid, CancellationToken cancellationToken) =>
        await db.Sessions.SingleOrDefaultAsync(s => s.Sid == sid && s.AccountSid == accountSid, cancellationToken)
            ?? throw ApiException.NotFound("Session", sid);

    internal static void Map(IEndpointRouteBuilder sessions) => sessions
        .MapGet("/{Sid}", async Task<Ok<SessionResource>> (string sid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf(), sid), http.RequestAborted)))
        .WithName("FetchSession")
        .WithSummary("Fetch a session: status, regions, requirements, media path (hops, failovers) and the selection explain")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
