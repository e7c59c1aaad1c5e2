using System.Buffers.Text;
using System.Globalization;
using System.Text.Unicode;

namespace Telephony.Regions.Bench;

/// <summary>A Twilio Media Streams <c>media</c> message written straight into UTF-8 bytes, allocating nothing.</summary>
internal static class MediaMessage
{
    public const int MaxBytes = 1024;

    public static int Write(Span<byte> buffer, long sequence, long chunk, ReadOnlySpan<byte> audio)
    {
        Utf8.TryWrite(buffer, CultureInfo.InvariantCulture, $"{{\"event\":\"media\",\"sequenceNumber\":\"{sequence}\",\"media\":{{\"track\":\"inbound\",\"chunk\":\"{chunk}\",\"timestamp\":\"{(chunk - 1) * 20}\",\"payload\":\"", out var written);
        Base64.EncodeToUtf8(audio, buffer[written..], out _, out var payload);
        written += payload;
        var end = "\"},\"streamSid\":\"MZ00000000000000000000000000000000\"}"u8;
        end.CopyTo(buffer[written..]);
        return written + end.Length;
    }
}
