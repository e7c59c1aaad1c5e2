using Microsoft.Extensions.DependencyInjection;
using Telephony.Regions.Catalog;
using Telephony.Regions.Media;
using Telephony.Regions.Peer;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Sessions;

/// <summary>The signaling region's way to its sessions' media legs: in process when the media region is this one, over the peer link otherwise.</summary>
internal sealed class MediaGateway(RegionCatalog catalog, PeerClient peers, IServiceProvider services)
{
    public Task<LegSnapshot> OpenAsync(string mediaRegion, OpenLegRequest request, Uri publicBase, CancellationToken cancellationToken) =>
        Local(mediaRegion)
            ? Legs.OpenAsync(request, publicBase, cancellationToken)
            : Unavailable(() => peers.OpenLegAsync(Peer(mediaRegion), request, cancellationToken));

    public Task<LegSnapshot> ChangeRequirementsAsync(string mediaRegion, string legSid, RequirementRequest request, CancellationToken cancellationToken) =>
        Local(mediaRegion)
            ? Legs.ChangeRequirementsAsync(legSid, request, cancellationToken)
            : Unavailable(() => peers.ChangeRequirementsAsync(Peer(mediaRegion), legSid, request, cancellationToken));

    public Task<LegSnapshot> EndAsync(string mediaRegion, string legSid, CancellationToken cancellationToken) =>
        Local(mediaRegion)
            ? Legs.EndAsync(legSid, cancellationToken)
            : Unavailable(() => peers.EndLegAsync(Peer(mediaRegion), legSid, cancellationToken));

    /// <summary>The leg's current state, or null when its region cannot be reached now.</summary>
    public async Task<LegSnapshot?> TryFetchAsync(string mediaRegion, string legSid, CancellationToken cancellationToken)
    {
        if (Local(mediaRegion))
        {
            return await Legs.FetchAsync(legSid, cancellationToken);
        }

        try
        {
            return await peers.FetchLegAsync(Peer(mediaRegion), legSid, cancellationToken);
        }
        catch (PeerUnreachableException)
        {
            return null;
        }
    }

    private LegService Legs => services.GetRequiredService<LegService>();

    private bool Local(string region) => region == catalog.Local;

    private Region Peer(string region) => catalog.Find(region)!;

    private static async Task<LegSnapshot> Unavailable(Func<Task<LegSnapshot>> call)
    {
        try
        {
            return await call();
        }
        catch (PeerUnreachableException unreachable)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                $"The media region {unreachable.Region} did not answer (unreachable, or its answer was lost). Try again: repeating the request is safe.");
        }
    }
}
