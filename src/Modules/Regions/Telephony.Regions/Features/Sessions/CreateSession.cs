using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Peer;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

internal static class CreateSession
{
    internal sealed record Command(string AccountSid, string? MediaRegion, string? Edge, Uri PublicBase) : ICommand<SessionResource>;

    internal sealed class Handler(RegionsDb db, RegionCatalog catalog, MediaGateway media, TimeProvider clock) : ICommandHandler<Command, SessionResource>
    {
        public async ValueTask<SessionResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var mediaRegion = ResolveMediaRegion(command);
            var sessionSid = Sid.New("SE");

            // The leg is opened first (idempotent per session sid): a session row never points at a leg that does not exist.
            var leg = await media.OpenAsync(mediaRegion.Id, new OpenLegRequest(sessionSid, command.AccountSid, catalog.Local, command.Edge?.ToLowerInvariant()), command.PublicBase, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var session = new Session
            {
                Sid = sessionSid,
                AccountSid = command.AccountSid,
                MediaRegion = mediaRegion.Id,
                Edge = command.Edge?.ToLowerInvariant(),
                LegSid = leg.LegSid,
                StreamUrl = leg.StreamUrl,
                Status = SessionStatus.InProgress,
                LegJson = JsonSerializer.Serialize(leg, TwilioJson.Options),
                DateCreated = now,
                DateUpdated = now,
            };
            db.Sessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
            return SessionResource.From(session, catalog);
        }

        private Region ResolveMediaRegion(Command command)
        {
            Region? byEdge = null;
            if (command.Edge is { } edge)
            {
                byEdge = catalog.ForEdge(edge) ?? throw ApiException.Invalid("Edge", $"{edge} maps to no region of this deployment (see Regions:Edges)");
            }

            if (command.MediaRegion is { } id)
            {
                var region = catalog.Find(id) ?? throw ApiException.Invalid("MediaRegion", $"must be one of {string.Join(", ", catalog.All.Select(r => r.Id))}");
                if (byEdge is not null && byEdge.Id != region.Id)
                {
                    throw ApiException.Invalid("Edge", $"{command.Edge} maps to {byEdge.Id}, not the MediaRegion {region.Id}");
                }

                return region;
            }

            return byEdge ?? catalog.LocalRegion;
        }
    }

    internal static void Map(IEndpointRouteBuilder sessions) => sessions
        .MapPost("/", async Task<Created<SessionResource>> (HttpContext http, ISender sender) =>
        {
            var form = await FormValues.ReadAsync(http.Request);
            string? mediaRegion = form["MediaRegion"];
            string? edge = form["Edge"];
            var command = new Command(
                http.User.AccountSidOf(),
                FormValues.Text(mediaRegion, "MediaRegion", RegionsRules.MaxRegionLength)?.ToLowerInvariant(),
                FormValues.Text(edge, "Edge", RegionsRules.MaxRegionLength),
                new Uri($"{http.Request.Scheme}://{http.Request.Host}/"));
            var session = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(session.Url, session);
        })
        .WithName("CreateSession")
        .WithSummary("Create a session homed here, with its media in MediaRegion (or the region of Edge)")
        .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
        .WithDescription("Fields: MediaRegion, Edge (both optional). When the media region is another region, its leg is opened there over the peer link. The answer carries media_stream_url, a WebSocket in the media region that takes Twilio Media Streams messages.")
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
