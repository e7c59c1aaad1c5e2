using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.SharedKernel.Outbound;

namespace Telephony.MediaCache.Processing;

/// <summary>What the origin answered: a 304, or a body saved to a temp file with its hash.</summary>
internal sealed record OriginAnswer(
    bool NotModified,
    OriginFreshness Freshness,
    string? Etag,
    DateTime? LastModified,
    string? TempPath,
    string? SourceSha256,
    long Bytes);

/// <summary>
/// Downloads from origins through the safe outbound client (address checks after DNS and on
/// every redirect), with a whole-download timeout, a byte limit and a refusal of web pages.
/// </summary>
internal sealed class OriginFetcher(IHttpClientFactory clients, MediaStore store, IOptions<MediaCacheOptions> options)
{
    public const string ClientName = "mediacache-origin";

    private static readonly string[] NotAudioTypes = ["text/", "application/json", "application/xml", "application/xhtml+xml", "application/javascript"];

    public async Task<OriginAnswer> FetchAsync(Uri url, string? etag, DateTime? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.FetchTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("audio/*, application/octet-stream;q=0.8, */*;q=0.1");
        request.Headers.UserAgent.ParseAdd("Telephony-MediaCache/1.0");
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (lastModified is not null)
        {
            request.Headers.IfModifiedSince = new DateTimeOffset(DateTime.SpecifyKind(lastModified.Value, DateTimeKind.Utc));
        }

        var client = clients.CreateClient(ClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var freshness = OriginFreshness.From(response, settings.DefaultTtl);
            var answeredEtag = response.Headers.ETag?.ToString();
            var answeredLastModified = response.Content.Headers.LastModified?.UtcDateTime;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new OriginAnswer(true, freshness, answeredEtag ?? etag, answeredLastModified ?? lastModified, null, null, 0);
            }

            Check(response, settings.MaxSourceBytes);
            var (path, sha, bytes) = await DownloadAsync(response.Content, settings.MaxSourceBytes, timeout.Token);
            return freshness.NoStore
                ? new OriginAnswer(false, freshness, null, null, path, sha, bytes)
                : new OriginAnswer(false, freshness, answeredEtag, answeredLastModified, path, sha, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw MediaErrors.OriginUnavailable($"no complete answer within {settings.FetchTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException failure)
        {
            throw Refusal(failure) is { } refused
                ? MediaErrors.Refused(refused.Message)
                : MediaErrors.OriginUnavailable(failure.Message);
        }
    }

    private static OutboundAddressRefusedException? Refusal(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            if (failure is OutboundAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static void Check(HttpResponseMessage response, long maxBytes)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw MediaErrors.OriginRejected($"answered {status} {response.ReasonPhrase} (more than the allowed redirects, or a redirect without a location)");
        }

        if (status >= 500)
        {
            throw MediaErrors.OriginUnavailable($"answered {status} {response.ReasonPhrase}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw MediaErrors.OriginRejected($"answered {status} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentType is MediaTypeHeaderValue { MediaType: { } type }
            && NotAudioTypes.Any(prefix => type.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            throw MediaErrors.NotAudio(type);
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw MediaErrors.OriginRejected($"the file is {response.Content.Headers.ContentLength} bytes, more than the {maxBytes} allowed (MediaCache:MaxSourceBytes)");
        }
    }

    private async Task<(string Path, string Sha256, long Bytes)> DownloadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = store.NewTempPath("src");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var source = await content.ReadAsStreamAsync(cancellationToken);
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw MediaErrors.OriginRejected($"the file is more than the {maxBytes} bytes allowed (MediaCache:MaxSourceBytes)");
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            if (total == 0)
            {
                throw MediaErrors.Undecodable("the origin sent an empty body");
            }

            return (path, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        catch
        {
            MediaStore.DeleteQuietly(path);
            throw;
        }
    }
}
