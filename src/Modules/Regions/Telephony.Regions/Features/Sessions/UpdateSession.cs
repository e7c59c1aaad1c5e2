using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal static class UpdateSession
{
    internal sealed record Command(string AccountSid, string Sid) : ICommand<SessionResource>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, MediaGateway media, TimeProvider clock) : ICommandHandler<Command, SessionResource>
    {
        public async ValueTask<SessionResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var session = await FetchSession.Owned(db, command.AccountSid, command.Sid, cancellationToken);
            if (session.Status == SessionStatus.Completed)
            {
                return SessionResource.From(session, catalog);
            }

            var leg = await media.EndAsync(session.MediaRegion, session.LegSid, cancellationToken);
            session.Status = SessionStatus.Completed;
            session.LegJson = JsonSerializer.Serialize(leg, TwilioJson.Options);
            session.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return SessionResource.From(session, catalog);
        }
    }

    internal static void Map(IEndpointRouteBuilder sessions) => sessions
        .MapPost("/{Sid}", async Task<Ok<SessionResource>> (string sid, [FromForm(Name = "Status")] string? status, HttpContext http, ISender sender) =>
        {
            if (!string.Equals(status, "completed", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiException.Invalid("Status", "must be completed (the only change a session takes)");
            }

            return TypedResults.Ok(await sender.Send(new Command(http.User.AccountSidOf(), sid), http.RequestAborted));
        })
        .WithName("UpdateSession")
        .WithSummary("End a session (Status=completed): frees its capacity and completes its recordings")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
