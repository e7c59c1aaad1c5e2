using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Peer;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// The uploader's view of a signaling region's central media service: in process when that
/// region is this one, over the peer link (HEAD / PATCH on <c>/peer/v1/Uploads/{sid}</c>) otherwise.
/// </summary>
internal sealed class CentralMediaClient(RegionCatalog catalog, PeerClient peers, IServiceScopeFactory scopes)
{
    public const string OffsetHeader = "Upload-Offset";
    public const string SequenceHeader = "Upload-Sequence";
    public const string LengthHeader = "Upload-Length";
    public const string ChecksumHeader = "Upload-Checksum";
    public const string BacklogHeader = "Upload-Backlog";
    public const string ResumableHeader = "Tus-Resumable";
    public const string ProtocolVersion = "1.0.0";

    public async Task<UploadStatus> HeadAsync(string region, string recordingSid, CancellationToken cancellationToken)
    {
        if (region == catalog.Local)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CentralMediaService>().HeadAsync(recordingSid, cancellationToken);
        }

        using var request = Request(HttpMethod.Head, recordingSid);
        return await SendAsync(region, request, cancellationToken);
    }

    /// <summary>
    /// Takes <paramref name="payload"/>: it goes back to its pool once the far side has answered. When
    /// no answer came (a time-out, a broken link), the request may still be reading it, so it is
    /// left to the garbage collector instead.
    /// </summary>
    public async Task<UploadStatus> AppendAsync(string region, string recordingSid, long offset, long sequence, RentedBytes payload, string checksum, int backlog, CancellationToken cancellationToken)
    {
        if (region == catalog.Local)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CentralMediaService>()
                .AppendAsync(recordingSid, offset, sequence, payload, checksum, backlog, cancellationToken);
        }

        using var request = Request(HttpMethod.Patch, recordingSid);
        request.Headers.Add(OffsetHeader, offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SequenceHeader, sequence.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(BacklogHeader, backlog.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ChecksumHeader, "sha256 " + checksum);
        request.Content = new ReadOnlyMemoryContent(payload.Memory);
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        try
        {
            var status = await SendAsync(region, request, cancellationToken);
            payload.Dispose();
            return status;
        }
        catch (ApiException)
        {
            payload.Dispose();
            throw;
        }
    }

    public async Task<UploadStatus> CompleteAsync(string region, string recordingSid, long length, CancellationToken cancellationToken)
    {
        if (region == catalog.Local)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CentralMediaService>().CompleteAsync(recordingSid, length, cancellationToken);
        }

        using var request = Request(HttpMethod.Patch, recordingSid);
        request.Headers.Add(LengthHeader, length.ToString(CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        return await SendAsync(region, request, cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string recordingSid)
    {
        var request = new HttpRequestMessage(method, new Uri($"peer/v1/Uploads/{recordingSid}", UriKind.Relative));
        request.Headers.Add(ResumableHeader, ProtocolVersion);
        return request;
    }

    private async Task<UploadStatus> SendAsync(string region, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = catalog.Find(region) ?? throw new PeerUnreachableException(region, new InvalidOperationException("not in the catalogue"));
        using var response = await peers.SendRawAsync(target, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await PeerClient.ProblemOf(target, response, cancellationToken);
        }

        return new UploadStatus(
            Header(response, OffsetHeader) ?? 0,
            Header(response, SequenceHeader) ?? 0,
            Header(response, LengthHeader));
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
