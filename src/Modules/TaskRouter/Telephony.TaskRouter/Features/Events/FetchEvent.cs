using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Events;

internal static class FetchEvent
{
    internal sealed record Query(WorkspaceScope Scope, string EventSid) : IQuery<EventResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, EventResource>
    {
        public async ValueTask<EventResource> Handle(Query query, CancellationToken cancellationToken) =>
            EventResource.From(await db.Events.AsNoTracking().SingleAsync(query.Scope, query.EventSid, "Event", cancellationToken), urls);
    }

    internal static void Map(IEndpointRouteBuilder events) => events
        .MapGet("/{EventSid}", async Task<Ok<EventResource>> (string workspaceSid, string eventSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), eventSid), http.RequestAborted)))
        .WithName("FetchEvent")
        .WithSummary("Fetch an event")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
