using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly;
using Telephony.Regions.Catalog;
using Telephony.Regions.Media;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Peer;

/// <summary>
/// Region-to-region calls over HTTP with the peer token. Timeouts, retries and a circuit breaker
/// per peer come from the "regions-peer" client's resilience pipeline; every request here is
/// idempotent, so a retry cannot do the work twice.
/// </summary>
internal sealed class PeerClient(IHttpClientFactory factory, RegionCatalog catalog)
{
    public const string HttpClientName = "regions-peer";

    public async Task<CapacityReport?> TryGetCapacityAsync(Region region, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<CapacityReport>(region, HttpMethod.Get, "peer/v1/Capacity", null, cancellationToken);
        }
        catch (PeerUnreachableException)
        {
            return null;
        }
    }

    /// <summary>True when placed; false when the resource can no longer take it.</summary>
    public async Task<bool> PlaceAsync(Region region, PlacementRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync<JsonElement>(region, HttpMethod.Post, "peer/v1/Placements", request, cancellationToken);
            return true;
        }
        catch (ApiException conflict) when (conflict.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    public Task ReleaseAsync(Region region, string placementSid, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(region, HttpMethod.Delete, $"peer/v1/Placements/{placementSid}", null, cancellationToken);

    public Task<LegSnapshot> OpenLegAsync(Region region, OpenLegRequest request, CancellationToken cancellationToken) =>
        SendAsync<LegSnapshot>(region, HttpMethod.Post, "peer/v1/Legs", request, cancellationToken);

    public Task<LegSnapshot> ChangeRequirementsAsync(Region region, string legSid, RequirementRequest request, CancellationToken cancellationToken) =>
        SendAsync<LegSnapshot>(region, HttpMethod.Post, $"peer/v1/Legs/{legSid}/Requirements", request, cancellationToken);

    public Task<LegSnapshot> EndLegAsync(Region region, string legSid, CancellationToken cancellationToken) =>
        SendAsync<LegSnapshot>(region, HttpMethod.Post, $"peer/v1/Legs/{legSid}/End", null, cancellationToken);

    public Task<LegSnapshot> FetchLegAsync(Region region, string legSid, CancellationToken cancellationToken) =>
        SendAsync<LegSnapshot>(region, HttpMethod.Get, $"peer/v1/Legs/{legSid}", null, cancellationToken);

    /// <summary>Sends with the peer token; a peer's problem answer becomes the same <see cref="ApiException"/> here.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(Region region, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (region.BaseUrl is null)
        {
            throw new PeerUnreachableException(region.Id, new InvalidOperationException($"Regions:Catalog gives no BaseUrl for {region.Id}."));
        }

        request.RequestUri = new Uri(region.BaseUrl, request.RequestUri!.OriginalString);
        request.Headers.Authorization = new AuthenticationHeaderValue(PeerAuthFilter.Scheme, catalog.PeerToken);
        using var client = factory.CreateClient(HttpClientName);
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException or ExecutionRejectedException or TimeoutException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PeerUnreachableException(region.Id, failure);
        }
    }

    private async Task<T> SendAsync<T>(Region region, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: TwilioJson.Options);
        }

        using var response = await SendRawAsync(region, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemOf(region, response, cancellationToken);
        }

        return response.StatusCode == HttpStatusCode.NoContent
            ? default!
            : (await response.Content.ReadFromJsonAsync<T>(TwilioJson.Options, cancellationToken))!;
    }

    internal static async Task<Exception> ProblemOf(Region region, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return new PeerUnreachableException(region.Id, new HttpRequestException($"{status} from the peer", null, response.StatusCode));
        }

        string message = $"Region {region.Id} answered {status}.";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("message", out var text) && text.GetString() is { } given)
            {
                message = given;
            }
        }
        catch (JsonException)
        {
            // The status says enough.
        }

        return new ApiException(status, ErrorCodes.ForStatus(status), message);
    }
}
