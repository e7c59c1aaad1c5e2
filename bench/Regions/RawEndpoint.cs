using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Telephony.Regions.Bench;

/// <summary>
/// An endpoint of the streams benchmark on a plain socket, its WebSocket framing written here
/// (RFC 6455: client frames masked, server frames read as they come). Sends are synchronous, so
/// that <see cref="StreamsBenchmark"/> sends every endpoint's frames from one thread of its own,
/// and echoes are timed as they are read: the thread pool's dispatch delay was part of every
/// round trip measured through ClientWebSocket.
/// </summary>
internal sealed class RawEndpoint : IDisposable
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly Socket _socket;
    private readonly byte[] _message = new byte[MediaMessage.MaxBytes];
    private readonly byte[] _frame = new byte[MediaMessage.MaxBytes + 14];
    private readonly byte[] _received = new byte[16 * 1024];
    private readonly Dictionary<string, (long Sent, bool Counted)> _marksSent = [];
    private readonly Lock _gate = new();
    private int _receivedLength;
    private uint _mask = (uint)Random.Shared.Next() | 1;
    private long _sequence;

    private RawEndpoint(Socket socket) => _socket = socket;

    public List<double> MarkRoundTripsMs { get; } = [];

    /// <summary>When each counted mark was sent (a <see cref="Stopwatch"/> timestamp), beside its round trip.</summary>
    public List<long> MarkSentAt { get; } = [];

    public static async Task<RawEndpoint> ConnectAsync(Uri url)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.Host, url.Port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                throw new IOException("The host closed the connection during the WebSocket handshake.");
            }

            response.Append((char)one[0]);
        }

#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake's accept key; it secures nothing.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
#pragma warning restore CA5350
        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !response.ToString().Contains(accept, StringComparison.Ordinal))
        {
            throw new IOException($"The host refused the WebSocket: {response.ToString().Split("\r\n")[0]}");
        }

        var endpoint = new RawEndpoint(socket);
        endpoint.SendText("""{"event":"connected","protocol":"Call","version":"1.0.0"}"""u8);
        endpoint.SendText(Encoding.UTF8.GetBytes("{\"event\":\"start\",\"sequenceNumber\":\"" + ++endpoint._sequence
            + "\",\"start\":{\"streamSid\":\"MZ0\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}"));
        return endpoint;
    }

    /// <summary>A <c>media</c> message as Twilio writes it; allocates nothing.</summary>
    public void SendFrame(long chunk, ReadOnlySpan<byte> audio) =>
        SendText(_message.AsSpan(0, MediaMessage.Write(_message, ++_sequence, chunk, audio)));

    public void SendMark(string name, bool counted)
    {
        var message = Encoding.UTF8.GetBytes($$$"""{"event":"mark","sequenceNumber":"{{{++_sequence}}}","mark":{"name":"{{{name}}}"}}""");
        lock (_gate)
        {
            _marksSent[name] = (Stopwatch.GetTimestamp(), counted);
        }

        SendText(message);
    }

    public void SendStop() => SendText(Encoding.UTF8.GetBytes($$$"""{"event":"stop","sequenceNumber":"{{{++_sequence}}}","stop":{}}"""));

    /// <summary>
    /// Reads until the host closes the socket, timing every mark echo the moment its bytes are read.
    /// The driver runs with inline socket completions, so this continues on the socket engine's
    /// thread as the bytes arrive, not after a wait for a thread-pool thread.
    /// </summary>
    public async Task ReceiveUntilClosedAsync()
    {
        while (true)
        {
            var read = await _socket.ReceiveAsync(_received.AsMemory(_receivedLength), SocketFlags.None);
            var arrived = Stopwatch.GetTimestamp();
            if (read == 0)
            {
                return;
            }

            _receivedLength += read;
            var consumed = 0;
            while (TryReadFrame(_received.AsSpan(consumed, _receivedLength - consumed), out var opcode, out var payload, out var length))
            {
                consumed += length;
                if (opcode == 0x8)
                {
                    // Answer the host's close, as the protocol asks, so its handler ends now.
                    Send(0x88, []);
                    return;
                }

                if (opcode == 0x1)
                {
                    OnText(payload, arrived);
                }
            }

            _received.AsSpan(consumed, _receivedLength - consumed).CopyTo(_received);
            _receivedLength -= consumed;
        }
    }

    public void Dispose() => _socket.Dispose();

    private void OnText(ReadOnlySpan<byte> json, long arrived)
    {
        using var message = JsonDocument.Parse(json.ToArray());
        if (message.RootElement.GetProperty("event").GetString() != "mark")
        {
            return;
        }

        var name = message.RootElement.GetProperty("mark").GetProperty("name").GetString()!;
        lock (_gate)
        {
            if (_marksSent.Remove(name, out var mark) && mark.Counted)
            {
                MarkRoundTripsMs.Add(Stopwatch.GetElapsedTime(mark.Sent, arrived).TotalMilliseconds);
                MarkSentAt.Add(mark.Sent);
            }
        }
    }

    /// <summary>A server frame (never masked): its opcode and payload, and how many bytes it took.</summary>
    private static bool TryReadFrame(ReadOnlySpan<byte> bytes, out int opcode, out ReadOnlySpan<byte> payload, out int length)
    {
        opcode = 0;
        payload = default;
        length = 0;
        if (bytes.Length < 2)
        {
            return false;
        }

        var header = 2;
        long size = bytes[1] & 0x7F;
        if (size == 126)
        {
            header = 4;
            size = bytes.Length < header ? long.MaxValue : BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        }
        else if (size == 127)
        {
            header = 10;
            size = bytes.Length < header ? long.MaxValue : (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
        }

        if (bytes.Length - header < size)
        {
            return false;
        }

        opcode = bytes[0] & 0x0F;
        payload = bytes.Slice(header, (int)size);
        length = header + (int)size;
        return true;
    }

    private void SendText(ReadOnlySpan<byte> text) => Send(0x81, text);

    /// <summary>One final frame, masked with a fresh key (xorshift: the key only has to change, not be secret here).</summary>
    private void Send(byte finalAndOpcode, ReadOnlySpan<byte> text)
    {
        var header = 2;
        _frame[0] = finalAndOpcode;
        if (text.Length < 126)
        {
            _frame[1] = (byte)(0x80 | text.Length);
        }
        else
        {
            _frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(_frame.AsSpan(2), (ushort)text.Length);
            header = 4;
        }

        _mask ^= _mask << 13;
        _mask ^= _mask >> 17;
        _mask ^= _mask << 5;
        BinaryPrimitives.WriteUInt32LittleEndian(_frame.AsSpan(header), _mask);
        var key = _frame.AsSpan(header, 4);
        header += 4;
        for (var i = 0; i < text.Length; i++)
        {
            _frame[header + i] = (byte)(text[i] ^ key[i & 3]);
        }

        var total = header + text.Length;
        var sent = 0;
        while (sent < total)
        {
            sent += _socket.Send(_frame, sent, total - sent, SocketFlags.None);
        }
    }
}
