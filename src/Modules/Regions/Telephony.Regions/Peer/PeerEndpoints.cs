using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.Regions.Resources;
using Telephony.Regions.Tunnel;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Peer;

/// <summary>
/// The peer protocol: what one region asks of another. Separate from the tenant routes, kept
/// out of the public OpenAPI document, authenticated with the peer token only.
/// </summary>
internal static class PeerEndpoints
{
    internal static void Map(IEndpointRouteBuilder endpoints)
    {
        var peer = endpoints.MapGroup("/peer/v1")
            .AllowAnonymous()
            .AddEndpointFilter<PeerAuthFilter>()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        peer.MapGet("/Capacity", Ok<CapacityReport> (RegionCatalog catalog, ResourceRegistry registry) =>
            TypedResults.Ok(new CapacityReport(
                catalog.Local,
                registry.Snapshot().Select(r => new PeerResource(r.Sid, r.Kind, r.Capacity, r.Used, r.Healthy, r.Draining)).ToList())));

        peer.MapPost("/Placements", async Task<Created<PlacementRequest>> (PlacementRequest request, Placer placer, ResourceRegistry registry, HttpContext http) =>
        {
            // The body binds without its fields (the record's non-null types are not checked then).
            Required(request.PlacementSid, "placement_sid");
            Required(request.ResourceSid, "resource_sid");
            Required(request.LegSid, "leg_sid");
            Required(request.LegRegion, "leg_region");
            if (registry.Find(request.ResourceSid) is null)
            {
                throw ApiException.NotFound("MediaResource", request.ResourceSid);
            }

            return await placer.ReserveLocalAsync(request.PlacementSid, request.ResourceSid, request.LegSid, request.LegRegion, http.RequestAborted)
                ? TypedResults.Created($"/peer/v1/Placements/{request.PlacementSid}", request)
                : throw ApiException.Conflict($"Resource {request.ResourceSid} can no longer take a session.");
        });

        peer.MapDelete("/Placements/{Sid}", async Task<NoContent> (string sid, Placer placer, HttpContext http) =>
        {
            await placer.ReleaseLocalAsync(sid, http.RequestAborted);
            return TypedResults.NoContent();
        });

        peer.MapPost("/Legs", async Task<Ok<LegSnapshot>> (OpenLegRequest request, LegService legs, HttpContext http) =>
        {
            Required(request.SessionSid, "session_sid");
            Required(request.AccountSid, "account_sid");
            Required(request.SignalingRegion, "signaling_region");
            return TypedResults.Ok(await legs.OpenAsync(request, null, http.RequestAborted));
        });

        peer.MapGet("/Legs/{Sid}", async Task<Ok<LegSnapshot>> (string sid, LegService legs, HttpContext http) =>
            TypedResults.Ok(await legs.FetchAsync(sid, http.RequestAborted)));

        peer.MapPost("/Legs/{Sid}/Requirements", async Task<Ok<LegSnapshot>> (string sid, RequirementRequest request, LegService legs, HttpContext http) =>
            TypedResults.Ok(await legs.ChangeRequirementsAsync(sid, request, http.RequestAborted)));

        peer.MapPost("/Legs/{Sid}/End", async Task<Ok<LegSnapshot>> (string sid, LegService legs, HttpContext http) =>
            TypedResults.Ok(await legs.EndAsync(sid, http.RequestAborted)));

        peer.MapMethods("/Uploads/{Sid}", [HttpMethods.Head], async Task<NoContent> (string sid, CentralMediaService central, HttpContext http) =>
        {
            Describe(http.Response, await central.HeadAsync(sid, http.RequestAborted));
            return TypedResults.NoContent();
        });

        peer.MapPatch("/Uploads/{Sid}", async Task<NoContent> (
            string sid,
            [FromHeader(Name = CentralMediaClient.OffsetHeader)] long? offset,
            [FromHeader(Name = CentralMediaClient.SequenceHeader)] long? sequence,
            [FromHeader(Name = CentralMediaClient.LengthHeader)] long? length,
            [FromHeader(Name = CentralMediaClient.ChecksumHeader)] string? checksum,
            [FromHeader(Name = CentralMediaClient.BacklogHeader)] int? backlog,
            CentralMediaService central,
            HttpContext http) =>
        {
            if (http.Request.ContentType?.StartsWith("application/offset+octet-stream", StringComparison.OrdinalIgnoreCase) != true)
            {
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Appends are application/offset+octet-stream.");
            }

            UploadStatus status;
            if (length is { } declared)
            {
                status = await central.CompleteAsync(sid, declared, http.RequestAborted);
            }
            else
            {
                // The headers are checked before the body is read: a malformed append costs no read.
                var at = offset ?? throw ApiException.Invalid(CentralMediaClient.OffsetHeader, "is required");
                var order = sequence is > 0 ? sequence.Value : throw ApiException.Invalid(CentralMediaClient.SequenceHeader, "must be a positive integer");
                var sha = checksum is { } given && given.StartsWith("sha256 ", StringComparison.Ordinal) ? given[7..] : throw ApiException.Invalid(CentralMediaClient.ChecksumHeader, "must be 'sha256 <base64>'");
                var payload = await ReadBodyAsync(http.Request, http.RequestAborted);
                status = await central.AppendAsync(sid, at, order, payload, sha, Math.Max(0, backlog ?? 0), http.RequestAborted);
            }

            Describe(http.Response, status);
            return TypedResults.NoContent();
        });
    }

    private static void Required(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ApiException.Invalid(field, "is required");
        }
    }

    private static void Describe(HttpResponse response, UploadStatus status)
    {
        response.Headers[CentralMediaClient.ResumableHeader] = CentralMediaClient.ProtocolVersion;
        response.Headers[CentralMediaClient.OffsetHeader] = status.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers[CentralMediaClient.SequenceHeader] = status.LastSequence.ToString(CultureInfo.InvariantCulture);
        if (status.Length is { } length)
        {
            response.Headers[CentralMediaClient.LengthHeader] = length.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The append's bytes in a pooled buffer (the caller passes it on to the central media service, which returns it).</summary>
    private static async Task<RentedBytes> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > RegionsRules.MaxAppendBytes)
            {
                throw TooLarge();
            }

            var payload = new RentedBytes((int)declared);
            try
            {
                await request.Body.ReadExactlyAsync(payload.Memory, cancellationToken);
                return payload;
            }
            catch
            {
                payload.Dispose();
                throw;
            }
        }

        // No declared length (a chunked body): read one byte past the limit at most, so that an
        // oversized append is refused as soon as it passes the limit, not once it ends.
        var scratch = ArrayPool<byte>.Shared.Rent(RegionsRules.MaxAppendBytes + 1);
        try
        {
            var length = await request.Body.ReadAtLeastAsync(scratch.AsMemory(0, RegionsRules.MaxAppendBytes + 1), RegionsRules.MaxAppendBytes + 1, throwOnEndOfStream: false, cancellationToken);
            if (length > RegionsRules.MaxAppendBytes)
            {
                throw TooLarge();
            }

            var copy = new RentedBytes(length);
            scratch.AsSpan(0, length).CopyTo(copy.Memory.Span);
            return copy;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"An append carries at most {RegionsRules.MaxAppendBytes} bytes.");
}
