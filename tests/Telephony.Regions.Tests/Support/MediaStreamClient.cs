using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Telephony.Regions.Tests.Support;

/// <summary>An endpoint streaming audio the way Twilio Media Streams writes it.</summary>
public sealed class MediaStreamClient : IAsyncDisposable
{
    public const int FrameBytes = 160;
    private readonly WebSocket _socket;
    private long _sequence;

    private MediaStreamClient(WebSocket socket) => _socket = socket;

    public static async Task<MediaStreamClient> ConnectAsync(TelephonyApp app, string streamUrl)
    {
        var client = app.Server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
        var stream = new MediaStreamClient(socket);
        await stream.SendAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}""");
        await stream.SendAsync($$$"""{"event":"start","sequenceNumber":"{{{++stream._sequence}}}","start":{"streamSid":"MZ00000000000000000000000000000001","accountSid":"AC00000000000000000000000000000000","callSid":"CA00000000000000000000000000000000","tracks":["inbound"],"customParameters":{},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ00000000000000000000000000000001"}""");
        return stream;
    }

    /// <summary>Audio anyone can check byte for byte: frame n is filled from a seeded generator.</summary>
    public static byte[] Audio(int frames, int seed = 7)
    {
        var audio = new byte[frames * FrameBytes];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    public Task SendFrameAsync(long chunk, ReadOnlySpan<byte> audio) =>
        SendAsync(Telephony.Regions.Media.MediaStreamSocket.MediaMessage(++_sequence, chunk, audio));

    public async Task SendFramesAsync(byte[] audio, int fromFrame, int toFrame, int frameBytes = FrameBytes)
    {
        for (var frame = fromFrame; frame <= toFrame; frame++)
        {
            await SendFrameAsync(frame, audio.AsSpan((frame - 1) * frameBytes, frameBytes));
        }
    }

    /// <summary>Sends a mark and waits for its echo: everything sent before it is durable in the media region.</summary>
    public async Task MarkAsync(string name)
    {
        await SendAsync($$$"""{"event":"mark","sequenceNumber":"{{{++_sequence}}}","streamSid":"MZ00000000000000000000000000000001","mark":{"name":"{{{name}}}"}}""");
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (message.RootElement.GetProperty("event").GetString() == "mark"
                && message.RootElement.GetProperty("mark").GetProperty("name").GetString() == name)
            {
                return;
            }
        }
    }

    /// <summary>Sends a mark and reads until the server closes the stream: the names of the marks it echoed meanwhile.</summary>
    public async Task<List<string>> MarkUntilClosedAsync(string name)
    {
        await SendAsync($$$"""{"event":"mark","sequenceNumber":"{{{++_sequence}}}","streamSid":"MZ00000000000000000000000000000001","mark":{"name":"{{{name}}}"}}""");
        var echoed = new List<string>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return echoed;
            }

            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (message.RootElement.GetProperty("event").GetString() == "mark")
            {
                echoed.Add(message.RootElement.GetProperty("mark").GetProperty("name").GetString()!);
            }
        }
    }

    public async Task StopAsync()
    {
        await SendAsync($$$"""{"event":"stop","sequenceNumber":"{{{++_sequence}}}","streamSid":"MZ00000000000000000000000000000001","stop":{"accountSid":"AC00000000000000000000000000000000","callSid":"CA00000000000000000000000000000000"}}""");
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_socket.State == WebSocketState.Open)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The server went away first.
            }
        }

        _socket.Dispose();
    }

    /// <summary>A message exactly as given, however malformed: what a faulty endpoint might send.</summary>
    public Task SendRawAsync(byte[] message) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
}
