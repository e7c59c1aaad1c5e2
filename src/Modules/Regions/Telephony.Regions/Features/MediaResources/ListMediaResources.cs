using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Resources;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.MediaResources;

internal static class ListMediaResources
{
    /// <summary>The registry is the live view (load, health); it holds every resource of the region, so paging is over it.</summary>
    internal static void Map(IEndpointRouteBuilder resources) => resources
        .MapGet("/", Ok<Dictionary<string, object?>> (HttpContext http, ResourceRegistry registry, RegionCatalog catalog) =>
        {
            var request = PageRequest.From(http.Request);
            var all = registry.Snapshot().OrderBy(r => r.DateCreated).ThenBy(r => r.Sid, StringComparer.Ordinal).ToList();
            var offset = (int)Math.Min(request.After?.Offset ?? 0, int.MaxValue);
            var items = all.Skip(offset).Take(request.PageSize).Select(r => MediaResourceResource.From(r, catalog.Local)).ToList();
            var next = offset + items.Count < all.Count ? new PageCursor(null, null, offset + items.Count) : null;
            return TypedResults.Ok(ListEnvelope.Create("media_resources", new Page<MediaResourceResource>(items, next), request, http.Request));
        })
        .WithName("ListMediaResources")
        .WithSummary("List this region's media resources with their load and health");
}
