using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal static class ListSessions
{
    internal sealed record Query(string AccountSid, PageRequest Page) : IQuery<Page<SessionResource>>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog) : IQueryHandler<Query, Page<SessionResource>>
    {
        public async ValueTask<Page<SessionResource>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Sessions.Where(s => s.AccountSid == query.AccountSid).ToPageAsync(query.Page, s => SessionResource.From(s, catalog), cancellationToken);
    }

    internal static void Map(IEndpointRouteBuilder sessions) => sessions
        .MapGet("/", async Task<Ok<Dictionary<string, object?>>> (HttpContext http, ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var page = await sender.Send(new Query(http.User.AccountSidOf(), request), http.RequestAborted);
            return TypedResults.Ok(ListEnvelope.Create("sessions", page, request, http.Request));
        })
        .WithName("ListSessions")
        .WithSummary("List the account's sessions homed in this region (as last known; fetch one for its live media path)");
}
