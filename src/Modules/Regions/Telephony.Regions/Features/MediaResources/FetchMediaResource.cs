using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Resources;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

internal static class FetchMediaResource
{
    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapGet("/{Sid}", Ok<MediaResourceResource> (string sid, ResourceRegistry registry, RegionCatalog catalog) =>
            TypedResults.Ok(MediaResourceResource.From(registry.Find(sid) ?? throw ApiException.NotFound("MediaResource", sid), catalog.Local)))
        .WithName("FetchMediaResource")
        .WithSummary("Fetch a media resource: status is available, draining, drained (draining and empty) or unhealthy")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
