using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Resources;
using Telephony.Regions.Selection;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

internal static class RegisterMediaResource
{
    internal sealed record Command(ResourceKind Kind, int Capacity, string? FriendlyName, int Load) : ICommand<MediaResourceResource>;

    internal sealed class Handler(RegionsDb db, ResourceRegistry registry, RegionCatalog catalog, TimeProvider clock) : ICommandHandler<Command, MediaResourceResource>
    {
        public async ValueTask<MediaResourceResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var resource = new MediaResource
            {
                Sid = Sid.New("MR"),
                Kind = command.Kind,
                FriendlyName = string.IsNullOrWhiteSpace(command.FriendlyName) ? $"{command.Kind.Wire()} {now:yyyy-MM-dd HH:mm}" : command.FriendlyName,
                Capacity = command.Capacity,
                ReportedLoad = command.Load,
                LastHeartbeat = now,
                DateCreated = now,
                DateUpdated = now,
            };
            db.Resources.Add(resource);
            await db.SaveChangesAsync(cancellationToken);
            registry.Upsert(resource);
            return MediaResourceResource.From(registry.Find(resource.Sid)!, catalog.Local);
        }
    }

    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapPost("/", async Task<Created<MediaResourceResource>> (
            [FromForm(Name = "Kind")] string? kind,
            [FromForm(Name = "Capacity")] string? capacity,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "Load")] string? load,
            HttpContext http,
            ISender sender) =>
        {
            if (!Kinds.TryParse(kind, out var parsed))
            {
                throw ApiException.Invalid("Kind", "must be one of recorder, mixer, streamer, transcoder");
            }

            var command = new Command(
                parsed,
                FormValues.Int(capacity, "Capacity", 1, RegionsRules.MaxCapacity) ?? throw ApiException.Invalid("Capacity", "is required"),
                FormValues.Text(friendlyName, "FriendlyName", RegionsRules.MaxFriendlyNameLength),
                FormValues.Int(load, "Load", 0, RegionsRules.MaxCapacity) ?? 0);
            var resource = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(resource.Url, resource);
        })
        .WithName("RegisterMediaResource")
        .WithSummary("Register a media resource of this region")
        .WithDescription("Registration counts as its first heartbeat. The resource must heartbeat (POST .../Heartbeat) within Regions:HeartbeatTimeoutSeconds or it is unhealthy and not selected.");
}
