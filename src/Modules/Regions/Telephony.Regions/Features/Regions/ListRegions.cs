using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Peer;
using Telephony.Regions.Resources;
using Telephony.Regions.Selection;

namespace Telephony.Regions.Features.Regions;

internal sealed record RegionResource(
    string Id,
    string? Group,
    bool Local,
    string Status,
    int LatencyMs,
    double Latitude,
    double Longitude,
    IReadOnlyDictionary<string, int>? FreeCapacity);

internal static class ListRegions
{
    internal static void Map(IEndpointRouteBuilder regions) => regions
        .MapGet("/", async Task<Ok<Dictionary<string, object?>>> (HttpContext http, RegionCatalog catalog, ResourceRegistry registry, PeerClient peers) =>
        {
            var rows = await Task.WhenAll(catalog.All.Select(async region =>
            {
                var resources = region.Id == catalog.Local
                    ? registry.Snapshot().Select(r => new PeerResource(r.Sid, r.Kind, r.Capacity, r.Used, r.Healthy, r.Draining)).ToList()
                    : (await peers.TryGetCapacityAsync(region, http.RequestAborted))?.Resources;
                return new RegionResource(
                    region.Id,
                    region.Group,
                    region.Id == catalog.Local,
                    resources is null ? "unreachable" : "healthy",
                    catalog.LatencyMs(catalog.Local, region.Id),
                    region.Latitude,
                    region.Longitude,
                    resources is null ? null : Free(resources));
            }));
            return TypedResults.Ok(new Dictionary<string, object?> { ["regions"] = rows, ["local"] = catalog.Local });
        })
        .WithName("ListRegions")
        .WithSummary("List the regions with their health, latency figure from this region and free capacity per resource kind");

    /// <summary>Free capacity counts only resources that may take work: healthy and not draining.</summary>
    private static Dictionary<string, int> Free(IEnumerable<PeerResource> resources) =>
        Enum.GetValues<ResourceKind>().ToDictionary(
            kind => kind.Wire(),
            kind => resources.Where(r => r.Kind == kind && r.Healthy && !r.Draining).Sum(r => Math.Max(0, r.Capacity - r.Used)));
}
