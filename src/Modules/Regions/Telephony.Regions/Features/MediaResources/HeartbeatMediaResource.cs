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

internal static class HeartbeatMediaResource
{
    internal sealed record Command(string Sid, int? Load) : ICommand<MediaResourceResource>;

    internal sealed class Handler(RegionsDb db, ResourceRegistry registry, RegionCatalog catalog, TimeProvider clock) : ICommandHandler<Command, MediaResourceResource>
    {
        public async ValueTask<MediaResourceResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var resource = await db.Resources.FindAsync([command.Sid], cancellationToken) ?? throw ApiException.NotFound("MediaResource", command.Sid);
            if (resource.BuiltIn)
            {
                throw ApiException.Conflict("Built-in resources are this process and do not heartbeat.");
            }

            resource.LastHeartbeat = resource.DateUpdated = clock.GetUtcNow().UtcDateTime;
            if (command.Load is { } load)
            {
                resource.ReportedLoad = load;
            }

            await db.SaveChangesAsync(cancellationToken);
            registry.Heartbeat(resource);
            return MediaResourceResource.From(registry.Find(resource.Sid)!, catalog.Local);
        }
    }

    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapPost("/{Sid}/Heartbeat", async Task<Ok<MediaResourceResource>> (string sid, [FromForm(Name = "Load")] string? load, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Command(sid, FormValues.Int(load, "Load", 0, RegionsRules.MaxCapacity)), http.RequestAborted)))
        .WithName("HeartbeatMediaResource")
        .WithSummary("Report a resource alive, with its current load")
        .WithDescription("The load reported replaces the count of placements made since the previous heartbeat.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
