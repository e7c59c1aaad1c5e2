using NAudio.Wave;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>Reads what the media layer produced, with NAudio, as a telephony platform would.</summary>
public static class Audio
{
    public static WaveFormat FormatOf(byte[] wav)
    {
        using var reader = new WaveFileReader(new MemoryStream(wav));
        return reader.WaveFormat;
    }

    public static TimeSpan DurationOf(byte[] wav)
    {
        using var reader = new WaveFileReader(new MemoryStream(wav));
        return reader.TotalTime;
    }

    public static void ShouldBeTelephonyWav(byte[] wav, WaveFormatEncoding encoding, int sampleRate, int bits, TimeSpan sourceDuration)
    {
        var format = FormatOf(wav);
        format.Encoding.Should().Be(encoding);
        format.SampleRate.Should().Be(sampleRate);
        format.Channels.Should().Be(1);
        format.BitsPerSample.Should().Be(bits);
        DurationOf(wav).Should().BeCloseTo(sourceDuration, TimeSpan.FromMilliseconds(20));
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60) =>
        WaitUntilAsync(condition, () => what, seconds);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what()}.");
            }

            await Task.Delay(100);
        }
    }
}
