using System.Diagnostics;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>Audio files made once per test run with the machine's ffmpeg: the origin serves these.</summary>
public static class TestAudio
{
    private static readonly Lazy<string> Folder = new(() => Directory.CreateTempSubdirectory("mediacache-audio-").FullName);
    private static readonly Dictionary<string, byte[]> Made = [];

    /// <summary>A 2.000 s 440 Hz tone, 44.1 kHz stereo 16-bit WAV (ffmpeg's own LIST chunk and all).</summary>
    public static byte[] ToneWav => Make("tone.wav", "-f lavfi -i sine=frequency=440:sample_rate=44100:duration=2 -ac 2 -c:a pcm_s16le");

    /// <summary>A different 2.000 s tone, so its bytes and transcode differ from <see cref="ToneWav"/>.</summary>
    public static byte[] OtherToneWav => Make("other.wav", "-f lavfi -i sine=frequency=660:sample_rate=44100:duration=2 -ac 1 -c:a pcm_s16le");

    /// <summary>A 3.000 s tone as MP3.</summary>
    public static byte[] ToneMp3 => Make("tone.mp3", "-f lavfi -i sine=frequency=300:sample_rate=44100:duration=3 -ac 2 -c:a libmp3lame -b:a 128k");

    /// <summary>A 1.500 s tone as Ogg/Opus.</summary>
    public static byte[] ToneOpus => Make("tone.ogg", "-f lavfi -i sine=frequency=500:sample_rate=48000:duration=1.5 -c:a libopus -b:a 32k");

    /// <summary>A 1 s video with no audio stream (Matroska, MPEG-4 part 2).</summary>
    public static byte[] VideoOnly => Make("video.mkv", "-f lavfi -i testsrc=duration=1:size=32x32:rate=5 -c:v mpeg4 -f matroska");

    /// <summary>Bytes that no decoder accepts.</summary>
    public static byte[] Garbage { get; } = Enumerable.Range(0, 20_000).Select(i => (byte)((i * 7919) ^ (i >> 3))).ToArray();

    public static byte[] Tone(int seconds, int frequency) =>
        Make($"tone-{seconds}-{frequency}.wav", $"-f lavfi -i sine=frequency={frequency}:sample_rate=8000:duration={seconds} -ac 1 -c:a pcm_s16le");

    private static byte[] Make(string name, string arguments)
    {
        lock (Made)
        {
            if (Made.TryGetValue(name, out var bytes))
            {
                return bytes;
            }

            var path = Path.Combine(Folder.Value, name);
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -y {arguments} {path}")
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg could not make {name}: {error}");
            }

            bytes = File.ReadAllBytes(path);
            Made[name] = bytes;
            return bytes;
        }
    }
}
