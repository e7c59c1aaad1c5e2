using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>What the origin serves at one path; tests change it between requests.</summary>
public sealed class OriginFile
{
    public required byte[] Body { get; set; }

    public string ContentType { get; set; } = "audio/wav";

    public string? ETag { get; set; }

    public DateTimeOffset? LastModified { get; set; }

    public string? CacheControl { get; set; }

    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>Waits before answering, so concurrent requests overlap or a job can be interrupted.</summary>
    public TimeSpan Delay { get; set; }
}

/// <summary>
/// A real HTTP origin on loopback (the shared <see cref="LoopbackServer"/>) that serves audio
/// files with the caching headers a test sets, answers conditional requests with 304, and
/// counts requests.
/// </summary>
public sealed class Origin : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, OriginFile> _files = new(StringComparer.Ordinal);

    private Origin(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public static async Task<Origin> StartAsync()
    {
        Origin? origin = null;
        var server = await LoopbackServer.StartAsync(context => origin!.AnswerAsync(context));
        origin = new Origin(server);
        return origin;
    }

    public OriginFile Serve(string path, OriginFile file)
    {
        _files[path] = file;
        return file;
    }

    public string Url(string pathAndQuery) => Server.Url(pathAndQuery.TrimStart('/')).ToString();

    public int Count(string path) => Server.CountFor(path);

    public IReadOnlyList<RecordedRequest> RequestsFor(string path) => Server.Requests.Where(r => r.Path == path).ToList();

    private async Task AnswerAsync(HttpContext context)
    {
        if (!_files.TryGetValue(context.Request.Path.Value ?? string.Empty, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (file.Delay > TimeSpan.Zero)
        {
            await Task.Delay(file.Delay, context.RequestAborted);
        }

        var headers = context.Response.GetTypedHeaders();
        if (file.CacheControl is not null)
        {
            context.Response.Headers.CacheControl = file.CacheControl;
        }

        if (file.ETag is not null)
        {
            headers.ETag = EntityTagHeaderValue.Parse(file.ETag);
        }

        headers.LastModified = file.LastModified;
        var request = context.Request.GetTypedHeaders();
        var notModified = file.ETag is not null && request.IfNoneMatch.Any(tag => tag.Tag == file.ETag)
            || (file.ETag is null && file.LastModified is not null && request.IfModifiedSince >= file.LastModified);
        if (notModified && file.Status == StatusCodes.Status200OK)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.StatusCode = file.Status;
        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Body.Length;
        await context.Response.Body.WriteAsync(file.Body, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
