using System.Diagnostics;
using System.Globalization;

namespace Telephony.Regions.Bench;

/// <summary>Streams a 440 Hz tone (8 kHz mu-law, 20 ms frames, real time) to a media WebSocket and keeps a copy of what it sent.</summary>
internal static class DemoStream
{
    public static async Task<int> RunAsync(Options options)
    {
        var seconds = options.Int("seconds", 10);
        var audio = Tone(seconds);
        await using var sender = new MediaSender();
        await sender.ConnectAsync(options.Text("url", string.Empty));
        var clock = Stopwatch.StartNew();
        for (var k = 1; k <= seconds * 50; k++)
        {
            var wait = TimeSpan.FromMilliseconds(20 * (k - 1)) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await sender.SendFrameAsync(k, audio.AsSpan((k - 1) * 160, 160));
        }

        await sender.StopAsync();
        await File.WriteAllBytesAsync(options.Text("out", "sent.ulaw"), audio);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {seconds * 50} frames ({audio.Length} bytes) in {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    private static byte[] Tone(int seconds)
    {
        var audio = new byte[seconds * 8000];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = MuLaw((short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000)));
        }

        return audio;
    }

    /// <summary>G.711 mu-law encoding of one 16-bit sample.</summary>
    private static byte MuLaw(short sample)
    {
        const int bias = 0x84;
        const int clip = 32635;
        var sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        magnitude = Math.Min(magnitude, clip) + bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
