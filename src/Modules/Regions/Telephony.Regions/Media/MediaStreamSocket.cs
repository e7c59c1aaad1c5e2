using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.Regions.Data;

namespace Telephony.Regions.Media;

/// <summary>
/// The media WebSocket of a leg, in Twilio Media Streams' message format: <c>connected</c>,
/// <c>start</c>, <c>media</c> (base64 8 kHz mu-law, 20 ms a frame, numbered by <c>chunk</c>),
/// <c>mark</c>, <c>stop</c>. The endpoint has no account in this region: the secret in the
/// address is the credential. A <c>mark</c> is echoed once every frame before it is durable,
/// so an endpoint that reconnects knows where to resume; replayed frames are dropped.
/// </summary>
internal static class MediaStreamSocket
{
    private const int MaxMessageBytes = 64 * 1024;

    internal static void Map(IEndpointRouteBuilder endpoints) => endpoints
        .MapGet("/v1/MediaStreams/{LegSid}", HandleAsync)
        .AllowAnonymous()
        .WithTags("Sessions")
        .WithName("MediaStream")
        .WithSummary("The media WebSocket of a session's leg (Twilio Media Streams messages)")
        .ExcludeFromDescription();

    private static async Task HandleAsync(string legSid, HttpContext http, RegionsDb db, MediaRuntime runtime, IServiceScopeFactory scopes, ILoggerFactory logs)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw Telephony.SharedKernel.Web.ApiException.Invalid("Upgrade", "this address takes a WebSocket");
        }

        var leg = await db.Legs.FindAsync([legSid], http.RequestAborted);
        string? token = http.Request.Query["Token"];
        if (leg is null || token is null || LegService.HashToken(token) != leg.StreamTokenHash)
        {
            throw Telephony.SharedKernel.Web.ApiException.NotFound("MediaStream", legSid);
        }

        if (leg.Status == LegStatus.Completed)
        {
            throw Telephony.SharedKernel.Web.ApiException.Conflict("The session has ended.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var live = runtime.For(legSid);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        live.Streaming = streaming;
        var log = logs.CreateLogger(typeof(MediaStreamSocket));
        var stopped = false;
        try
        {
            stopped = await ReceiveAsync(socket, live, streaming.Token);
        }
        catch (Exception failure) when (failure is WebSocketException or OperationCanceledException)
        {
            log.LogInformation("Media stream of {Leg} ended without stop: {Reason}", legSid, failure.Message);
        }
        finally
        {
            live.SealAll();
            live.Streaming = null;
        }

        if (stopped)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LegService>().StopStreamAsync(legSid, CancellationToken.None);
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, stopped ? "stopped" : "ended", CancellationToken.None);
        }
    }

    /// <summary>Reads messages until <c>stop</c> (true) or the socket closes (false).</summary>
    private static async Task<bool> ReceiveAsync(WebSocket socket, LegRuntime live, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        var payload = ArrayPool<byte>.Shared.Rent(Data.RegionsRules.MaxFramePayloadBytes);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxMessageBytes)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageBytes} bytes", cancellationToken);
                        return false;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxMessageBytes - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                var outcome = Handle(buffer.AsSpan(0, length), payload, live, out var markName);
                if (outcome == Outcome.Stop)
                {
                    return true;
                }

                if (markName is not null)
                {
                    await live.OnMarkAsync();
                    var echo = JsonSerializer.SerializeToUtf8Bytes(new { @event = "mark", mark = new { name = markName } });
                    await socket.SendAsync(echo, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    internal enum Outcome
    {
        Continue,
        Stop,
    }

    /// <summary>One message. Malformed or unknown messages are counted as nothing and ignored: a stream is never failed by one bad frame.</summary>
    internal static Outcome Handle(ReadOnlySpan<byte> message, byte[] payload, LegRuntime live, out string? markName)
    {
        markName = null;
        var reader = new Utf8JsonReader(message);
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return Outcome.Continue;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var kind))
            {
                return Outcome.Continue;
            }

            switch (kind.GetString())
            {
                case "media" when root.TryGetProperty("media", out var media) && media.ValueKind == JsonValueKind.Object:
                    var frame = Number(media, "chunk") ?? Number(root, "sequenceNumber");
                    if (frame is > 0 && media.TryGetProperty("payload", out var data) && data.ValueKind == JsonValueKind.String
                        && Convert.TryFromBase64Chars(data.GetString(), payload, out var written))
                    {
                        live.OnMedia(frame.Value, payload.AsSpan(0, written));
                    }

                    return Outcome.Continue;
                case "mark":
                    markName = root.TryGetProperty("mark", out var mark) && mark.ValueKind == JsonValueKind.Object
                        && mark.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        ? Truncate(name.GetString()!)
                        : string.Empty;
                    return Outcome.Continue;
                case "stop":
                    return Outcome.Stop;
                default:
                    return Outcome.Continue;
            }
        }
    }

    private static string Truncate(string name) => name.Length <= 256 ? name : name[..256];

    /// <summary>Twilio writes numbers as strings; accept both.</summary>
    private static long? Number(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>For tests and the benchmark: a media message as Twilio writes it.</summary>
    internal static string MediaMessage(long sequence, long chunk, ReadOnlySpan<byte> audio) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"event":"media","sequenceNumber":"{{sequence}}","media":{"track":"inbound","chunk":"{{chunk}}","timestamp":"{{(chunk - 1) * 20}}","payload":"{{Convert.ToBase64String(audio)}}"},"streamSid":"MZ00000000000000000000000000000000"}""");
}
