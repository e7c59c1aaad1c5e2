using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Telephony.Regions.Bench;

/// <summary>An endpoint on a real WebSocket: Twilio Media Streams messages, marks timed from send to echo.</summary>
internal sealed class MediaSender : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, (long Sent, bool Counted)> _marksSent = [];
    private readonly Lock _gate = new();
    private Task? _receiving;
    private readonly byte[] _frame = new byte[MediaMessage.MaxBytes];
    private long _sequence;

    public List<double> MarkRoundTripsMs { get; } = [];

    /// <summary>When each counted mark was sent (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), beside its round trip.</summary>
    public List<long> MarkSentAt { get; } = [];

    public async Task ConnectAsync(string url)
    {
        await _socket.ConnectAsync(new Uri(url), CancellationToken.None);
        _receiving = ReceiveAsync();
        await SendAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}""");
        await SendAsync("{\"event\":\"start\",\"sequenceNumber\":\"" + ++_sequence + "\",\"start\":{\"streamSid\":\"MZ0\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}");
    }

    /// <summary>
    /// The message Twilio would send, written into a buffer of this endpoint's: the driver shares
    /// the host's cores, so a frame costs it no allocation.
    /// </summary>
    public ValueTask SendFrameAsync(long chunk, ReadOnlySpan<byte> audio)
    {
        var written = MediaMessage.Write(_frame, ++_sequence, chunk, audio);
        return _socket.SendAsync(_frame.AsMemory(0, written), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    public Task MarkAsync(string name, bool counted = true)
    {
        lock (_gate)
        {
            _marksSent[name] = (System.Diagnostics.Stopwatch.GetTimestamp(), counted);
        }

        return SendAsync($$$"""{"event":"mark","sequenceNumber":"{{{++_sequence}}}","mark":{"name":"{{{name}}}"}}""");
    }

    public async Task StopAsync()
    {
        await SendAsync($$$"""{"event":"stop","sequenceNumber":"{{{++_sequence}}}","stop":{}}""");
        if (_receiving is not null)
        {
            await _receiving;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                if (message.RootElement.GetProperty("event").GetString() == "mark")
                {
                    var name = message.RootElement.GetProperty("mark").GetProperty("name").GetString()!;
                    lock (_gate)
                    {
                        if (_marksSent.Remove(name, out var mark) && mark.Counted)
                        {
                            MarkRoundTripsMs.Add(System.Diagnostics.Stopwatch.GetElapsedTime(mark.Sent, now).TotalMilliseconds);
                            MarkSentAt.Add(mark.Sent);
                        }
                    }
                }
            }
        }
        catch (WebSocketException)
        {
            // Closed by the server.
        }
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
}
