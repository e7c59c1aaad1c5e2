using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Resources;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

internal static class UpdateMediaResource
{
    internal sealed record Command(string Sid, bool? Draining, int? Capacity, string? FriendlyName) : ICommand<MediaResourceResource>;

    internal sealed class Handler(RegionsDb db, ResourceRegistry registry, RegionCatalog catalog, TimeProvider clock) : ICommandHandler<Command, MediaResourceResource>
    {
        public async ValueTask<MediaResourceResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var resource = await db.Resources.FindAsync([command.Sid], cancellationToken) ?? throw ApiException.NotFound("MediaResource", command.Sid);
            if (command.Capacity is { } capacity)
            {
                if (resource.BuiltIn)
                {
                    throw ApiException.Conflict("A built-in resource takes its capacity from Regions:BuiltIn in the configuration.", "Capacity");
                }

                resource.Capacity = capacity;
            }

            resource.Draining = command.Draining ?? resource.Draining;
            resource.FriendlyName = command.FriendlyName ?? resource.FriendlyName;
            resource.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            registry.Upsert(resource);
            return MediaResourceResource.From(registry.Find(resource.Sid)!, catalog.Local);
        }
    }

    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapPost("/{Sid}", async Task<Ok<MediaResourceResource>> (
            string sid,
            [FromForm(Name = "Draining")] string? draining,
            [FromForm(Name = "Capacity")] string? capacity,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(
                    sid,
                    FormValues.Bool(draining, "Draining"),
                    FormValues.Int(capacity, "Capacity", 0, RegionsRules.MaxCapacity),
                    FormValues.Text(friendlyName, "FriendlyName", RegionsRules.MaxFriendlyNameLength)),
                http.RequestAborted)))
        .WithName("UpdateMediaResource")
        .WithSummary("Drain (Draining=true), undrain, resize or rename a media resource")
        .WithDescription("A draining resource takes no new sessions; its status turns to drained when its last session leaves.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
