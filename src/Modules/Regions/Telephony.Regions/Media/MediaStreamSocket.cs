using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
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

    private static async Task HandleAsync(string legSid, HttpContext http, MediaRuntime runtime, LegLocks locks, IServiceScopeFactory scopes, ILoggerFactory logs)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw Telephony.SharedKernel.Web.ApiException.Invalid("Upgrade", "this address takes a WebSocket");
        }

        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        LegRuntime live;

        // Under the leg's lock, as the session's end is: a stream that joins while the session ends
        // either finds it ended (409) or is live before the end, which then stops it. Without the
        // lock it could bring back the runtime the end had just dropped and stream on a finished leg.
        using (await locks.AcquireAsync(legSid, http.RequestAborted))
        {
            var leg = await FindAsync(legSid, scopes, http.RequestAborted);
            string? token = http.Request.Query["Token"];
            if (leg is null || token is null || LegService.HashToken(token) != leg.StreamTokenHash)
            {
                throw Telephony.SharedKernel.Web.ApiException.NotFound("MediaStream", legSid);
            }

            if (leg.Status == LegStatus.Completed)
            {
                throw Telephony.SharedKernel.Web.ApiException.Conflict("The session has ended.");
            }

            live = runtime.For(legSid);
            live.StreamStarted(streaming);
        }

        var log = logs.CreateLogger(typeof(MediaStreamSocket));
        var stopped = false;
        using var socket = await AcceptOrLetGoAsync(http, live, streaming);
        try
        {
            stopped = await ReceiveAsync(socket, live, streaming.Token);
        }
        catch (Exception failure) when (failure is WebSocketException or OperationCanceledException)
        {
            log.LogInformation("Media stream of {Leg} ended without stop: {Reason}", legSid, failure.Message);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // The buffer could not write a frame before a mark: the endpoint resumes after its last answered mark.
            log.LogError(failure, "Media stream of {Leg} ended: its buffer could not be written", legSid);
        }
        finally
        {
            live.SealAll();
            live.StreamEnded(streaming);
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

    /// <summary>
    /// Looked up in a scope of its own: a database context injected into the request would stay
    /// leased from the pool, with the leg tracked in it, for as long as the stream lasts.
    /// </summary>
    private static async Task<MediaLeg?> FindAsync(string legSid, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var lookup = scopes.CreateAsyncScope();
        return await lookup.ServiceProvider.GetRequiredService<RegionsDb>().Legs.AsNoTracking()
            .SingleOrDefaultAsync(l => l.Sid == legSid, cancellationToken);
    }

    private static async Task<WebSocket> AcceptOrLetGoAsync(HttpContext http, LegRuntime live, CancellationTokenSource streaming)
    {
        try
        {
            return await http.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            live.StreamEnded(streaming);
            throw;
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
                    var durable = live.OnMark();
                    if (!durable.IsCompletedSuccessfully)
                    {
                        await durable.WaitAsync(cancellationToken);
                    }

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

    /// <summary>
    /// One message. Malformed or unknown messages are counted as nothing and ignored: a stream is
    /// never failed by one bad frame. Read with a forward-only reader straight off the receive
    /// buffer (the payload is decoded from the message's own bytes): a media frame allocates nothing.
    /// </summary>
    internal static Outcome Handle(ReadOnlySpan<byte> message, byte[] payload, LegRuntime live, out string? markName)
    {
        markName = null;
        Message parsed;
        try
        {
            parsed = Parse(message, payload);
        }
        catch (Exception malformed) when (malformed is JsonException or InvalidOperationException)
        {
            // The reader checks a string's escapes and UTF-8 only when it is decoded (a lone surrogate
            // such as "\uD800", bytes that are not UTF-8), and says so with InvalidOperationException.
            return Outcome.Continue;
        }

        switch (parsed.Event)
        {
            case EventKind.Media when (parsed.Chunk ?? parsed.SequenceNumber) is > 0 and var frame && parsed.PayloadBytes >= 0:
                live.OnMedia(frame, payload.AsSpan(0, parsed.PayloadBytes));
                return Outcome.Continue;
            case EventKind.Mark:
                markName = parsed.MarkName is { } name ? Truncate(name) : string.Empty;
                return Outcome.Continue;
            case EventKind.Stop:
                return Outcome.Stop;
            default:
                return Outcome.Continue;
        }
    }

    private enum EventKind
    {
        Other,
        Media,
        Mark,
        Stop,
    }

    /// <summary>What a message said; <see cref="PayloadBytes"/> is -1 unless a media payload was decoded into the scratch buffer.</summary>
    private record struct Message(EventKind Event, long? SequenceNumber, long? Chunk, int PayloadBytes, string? MarkName);

    private static Message Parse(ReadOnlySpan<byte> json, byte[] payload)
    {
        var message = new Message(EventKind.Other, null, null, -1, null);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return message;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                message.Event = reader.TokenType != JsonTokenType.String ? EventKind.Other
                    : reader.ValueTextEquals("media"u8) ? EventKind.Media
                    : reader.ValueTextEquals("mark"u8) ? EventKind.Mark
                    : reader.ValueTextEquals("stop"u8) ? EventKind.Stop
                    : EventKind.Other;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("sequenceNumber"u8))
            {
                reader.Read();
                message.SequenceNumber = Number(ref reader);
            }
            else if (reader.ValueTextEquals("media"u8))
            {
                reader.Read();
                ReadMedia(ref reader, payload, ref message);
            }
            else if (reader.ValueTextEquals("mark"u8))
            {
                reader.Read();
                message.MarkName = ReadMarkName(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return message;
    }

    private static void ReadMedia(ref Utf8JsonReader reader, byte[] payload, ref Message message)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("chunk"u8))
            {
                reader.Read();
                message.Chunk = Number(ref reader);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                message.PayloadBytes = reader.TokenType == JsonTokenType.String ? Decode(ref reader, payload) : -1;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static string? ReadMarkName(ref Utf8JsonReader reader)
    {
        string? name = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return name;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName && reader.TokenType == JsonTokenType.String)
            {
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return name;
    }

    /// <summary>Base64 straight from the message's bytes into the scratch buffer; -1 when it is not valid or too large.</summary>
    private static int Decode(ref Utf8JsonReader reader, byte[] payload)
    {
        if (!reader.ValueIsEscaped)
        {
            return Base64.DecodeFromUtf8(reader.ValueSpan, payload, out _, out var written) == OperationStatus.Done ? written : -1;
        }

        // JSON may escape '/' as "\/": unescape first (rare, so a rented buffer is fine).
        var unescaped = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(unescaped);
            return Base64.DecodeFromUtf8(unescaped.AsSpan(0, length), payload, out _, out var written) == OperationStatus.Done ? written : -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    /// <summary>Twilio writes numbers as strings; accept both (a string of digits only).</summary>
    private static long? Number(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var number) ? number : null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        // Escapes only make a value longer, so the escaped length bounds the unescaped one.
        Span<byte> digits = stackalloc byte[20];
        if (reader.ValueSpan.Length > digits.Length)
        {
            return null;
        }

        var length = reader.CopyString(digits);
        return length > 0 && digits[0] is >= (byte)'0' and <= (byte)'9'
            && Utf8Parser.TryParse(digits[..length], out long parsed, out var consumed) && consumed == length
            ? parsed
            : null;
    }

    private static string Truncate(string name) => name.Length <= 256 ? name : name[..256];

    /// <summary>For tests: a media message as Twilio writes it.</summary>
    internal static string MediaMessage(long sequence, long chunk, ReadOnlySpan<byte> audio) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"event":"media","sequenceNumber":"{{sequence}}","media":{"track":"inbound","chunk":"{{chunk}}","timestamp":"{{(chunk - 1) * 20}}","payload":"{{Convert.ToBase64String(audio)}}"},"streamSid":"MZ00000000000000000000000000000000"}""");
}
