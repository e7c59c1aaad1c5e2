using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Reservations;

internal static class FetchReservation
{
    internal sealed record Query(WorkspaceScope Scope, ReservationParent Parent, string ReservationSid) : IQuery<ReservationResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, ReservationResource>
    {
        public async ValueTask<ReservationResource> Handle(Query query, CancellationToken cancellationToken) =>
            ReservationResource.From(await FindAsync(db, query.Scope, query.Parent, query.ReservationSid, cancellationToken), query.Parent, urls);
    }

    internal static Task<Reservation> FindAsync(TaskRouterDb db, WorkspaceScope scope, ReservationParent parent, string reservationSid, CancellationToken cancellationToken) =>
        parent.Filter(db.Reservations).SingleAsync(scope, reservationSid, "Reservation", cancellationToken);

    /// <summary>
    /// For a command on the reservation: the engine's record while its task is live (the command is
    /// decided there anyway, and answered once the journal has recorded it), else the stored row.
    /// </summary>
    internal static async Task<Reservation> FindForChangeAsync(TaskRouterDb db, RoutingEngine engine, WorkspaceScope scope, ReservationParent parent, string reservationSid, CancellationToken cancellationToken) =>
        engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router) && router.GetReservation(reservationSid) is { } live && parent.Holds(live)
            ? ReservationResource.Recorded(live, scope)
            : await FindAsync(db, scope, parent, reservationSid, cancellationToken);

    internal static void Map(IEndpointRouteBuilder reservations, Func<string, ReservationParent> parentOf, string parentRoute, string name) => reservations
        .MapGet("/{ReservationSid}", async Task<Ok<ReservationResource>> (string workspaceSid, string reservationSid, HttpContext http, ISender sender) =>
        {
            var parent = parentOf((string)http.Request.RouteValues[parentRoute]!);
            return TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), parent, reservationSid), http.RequestAborted));
        })
        .WithName(name)
        .WithSummary("Fetch a reservation")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
