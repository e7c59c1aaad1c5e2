using NAudio.Wave;

namespace Telephony.MediaCache.Processing;

/// <summary>
/// Reads every produced file with NAudio before it is published: encoding, rate, channels, bits
/// and a duration that matches the source's. A file that fails is never served.
/// </summary>
internal static class OutputVerifier
{
    /// <returns>The produced audio's duration.</returns>
    public static TimeSpan Verify(string path, MediaFormat format, TimeSpan sourceDuration)
    {
        var duration = format.IsWav ? VerifyWav(path, format) : TimeSpan.FromSeconds((double)new FileInfo(path).Length / format.BytesPerSecond);
        // Compressed sources report durations from headers (MP3 Xing frames, container fields)
        // that differ from the decoded length by a frame or so; truncation is far larger.
        var tolerance = TimeSpan.FromMilliseconds(50) + (sourceDuration * 0.01);
        if ((duration - sourceDuration).Duration() > tolerance)
        {
            throw MediaErrors.Undecodable($"the output lasts {duration.TotalMilliseconds:0} ms but the source {sourceDuration.TotalMilliseconds:0} ms (truncated or damaged input)");
        }

        return duration;
    }

    private static TimeSpan VerifyWav(string path, MediaFormat format)
    {
        try
        {
            using var reader = new WaveFileReader(path);
            var wave = reader.WaveFormat;
            if (wave.Encoding != format.Encoding || wave.SampleRate != format.SampleRate || wave.Channels != 1 || wave.BitsPerSample != format.BitsPerSample)
            {
                throw MediaErrors.Undecodable($"ffmpeg produced {wave.Encoding} {wave.SampleRate} Hz {wave.Channels} ch {wave.BitsPerSample} bit, not {format.Name}");
            }

            if (reader.Length == 0)
            {
                throw MediaErrors.Undecodable("ffmpeg produced no audio samples");
            }

            return reader.TotalTime;
        }
        catch (FormatException failure)
        {
            throw MediaErrors.Undecodable($"the produced WAV does not read back: {failure.Message}");
        }
    }
}
