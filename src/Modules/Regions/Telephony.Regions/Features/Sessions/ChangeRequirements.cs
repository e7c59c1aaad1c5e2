using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.Regions.Peer;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal static class ChangeRequirements
{
    internal sealed record Command(string AccountSid, string Sid, string? Add, string? Remove) : ICommand<SessionResource>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, MediaGateway media, CentralMediaService central, TimeProvider clock)
        : ICommandHandler<Command, SessionResource>
    {
        public async ValueTask<SessionResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var session = await FetchSession.Owned(db, command.AccountSid, command.Sid, cancellationToken);
            if (session.Status == SessionStatus.Completed)
            {
                throw ApiException.Conflict("The session has ended; its requirements can no longer change.");
            }

            var current = JsonSerializer.Deserialize<LegSnapshot>(session.LegJson, TwilioJson.Options)!;
            string? recordingSid = null;
            if (command.Add == "record" && !current.Requirements.Contains("record"))
            {
                // The recording is the signaling region's: it exists here before any media is buffered for it.
                recordingSid = (await central.CreateAsync(session.AccountSid, session.Sid, session.MediaRegion, cancellationToken)).Sid;
            }

            LegSnapshot leg;
            try
            {
                leg = await media.ChangeRequirementsAsync(session.MediaRegion, session.LegSid, new RequirementRequest(command.Add, command.Remove, recordingSid), cancellationToken);
            }
            catch (ApiException refused) when (recordingSid is not null && refused.Status < StatusCodes.Status500InternalServerError)
            {
                // Only a definite refusal: when the media region could not be reached or its answer was
                // lost (a 503), it may have added record and be buffering into this recording already.
                await ForgetAsync(recordingSid, cancellationToken);
                throw;
            }

            if (recordingSid is not null && !leg.Placements.Any(p => p.RecordingSid == recordingSid))
            {
                // The media region had record already (it took an earlier attempt whose answer was lost)
                // and records into that attempt's recording: this one would never receive anything.
                await ForgetAsync(recordingSid, cancellationToken);
            }

            session.LegJson = JsonSerializer.Serialize(leg, TwilioJson.Options);
            session.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return SessionResource.From(session, catalog);
        }

        private async Task ForgetAsync(string recordingSid, CancellationToken cancellationToken)
        {
            db.Recordings.Remove(await db.Recordings.FindAsync([recordingSid], cancellationToken) ?? throw new InvalidOperationException());
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder sessions) => sessions
        .MapPost("/{Sid}/Requirements", async Task<Ok<SessionResource>> (string sid, HttpContext http, ISender sender) =>
        {
            var form = await FormValues.ReadAsync(http.Request);
            var add = Requirement(form["Add"], "Add");
            var remove = Requirement(form["Remove"], "Remove");
            if (add is null && remove is null)
            {
                throw ApiException.Invalid("Add", $"give Add or Remove: one of {string.Join(", ", Kinds.Requirements)}");
            }

            return TypedResults.Ok(await sender.Send(new Command(http.User.AccountSidOf(), sid, add, remove), http.RequestAborted));
        })
        .WithName("ChangeSessionRequirements")
        .WithSummary("Add or remove a media requirement (record, conference, stream, transcode)")
        .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
        .WithDescription("Fields: Add or Remove. The media region selects a resource: healthy, not draining, with free capacity; in the media region, then its group, then the lowest latency figure, then the least loaded. None anywhere is a 409 saying why. The decision is added to the session's explain.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static string? Requirement(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : Kinds.ForRequirement(value) is not null ? value.ToLowerInvariant()
        : throw ApiException.Invalid(field, $"must be one of {string.Join(", ", Kinds.Requirements)}");
}
