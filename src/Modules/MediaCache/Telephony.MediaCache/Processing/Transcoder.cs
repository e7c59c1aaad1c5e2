using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using Microsoft.Extensions.Options;

namespace Telephony.MediaCache.Processing;

/// <summary>What one ffmpeg run produced: a seekable temp file, and the source's duration as ffmpeg read it.</summary>
internal sealed record Transcoded(string OutputPath, TimeSpan SourceDuration);

/// <summary>
/// ffmpeg through FFMpegCore, one process per media: the source's duration and its audio stream
/// are taken from ffmpeg's own report of the input (a separate ffprobe run cost as much as half
/// the transcode, most of it process start-up). Options are passed per call (never the global
/// static), the input format is decided by ffmpeg from the bytes (the temp file has no
/// meaningful extension), and every run is bounded by a timeout that kills the process and by
/// an output duration just over <c>MediaCache:MaxDuration</c>.
/// </summary>
internal sealed partial class Transcoder(MediaStore store, IOptions<MediaCacheOptions> options)
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    /// <summary>Beyond the limit by this much is enough to know the source is too long.</summary>
    private static readonly TimeSpan OverLimit = TimeSpan.FromSeconds(1);

    public FFOptions FfOptions => new()
    {
        BinaryFolder = options.Value.FfmpegFolder ?? string.Empty,
        TemporaryFilesFolder = store.Temp,
    };

    /// <summary>
    /// Transcodes into a seekable temp file (never a pipe: WAV sizes would be 0xFFFFFFFF); refuses
    /// what is not decodable, has no audio stream, no known duration, or lasts too long.
    /// </summary>
    public async Task<Transcoded> TranscodeAsync(string sourcePath, MediaFormat format, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var output = store.NewTempPath(format.Extension);
        var limit = (settings.MaxDuration + OverLimit).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.TranscodeTimeout);
        try
        {
            var result = await FFMpegArguments
                .FromFileInput(sourcePath, verifyExists: true)
                .OutputToFile(output, overwrite: true, o => o.WithCustomArgument($"{format.FfmpegArguments} -t {limit}"))
                .CancellableThrough(timeout.Token, KillGrace)
                .ProcessAsynchronously(throwOnError: false, FfOptions, timeout.Token);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Cancelled || timeout.IsCancellationRequested)
            {
                throw MediaErrors.Undecodable($"ffmpeg did not finish within {settings.TranscodeTimeout.TotalSeconds:0} s");
            }

            if (!result.Success || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                throw MediaErrors.Undecodable(result.StandardError.Any(line => line.Contains("matches no streams", StringComparison.Ordinal))
                    ? "it has no audio stream"
                    : "ffmpeg could not decode it (corrupt, or not a media file)");
            }

            var duration = SourceDuration(result.StandardError);
            if (duration > settings.MaxDuration)
            {
                throw MediaErrors.Undecodable($"it lasts {duration.TotalSeconds:0} s, more than the {settings.MaxDuration.TotalSeconds:0} s allowed (MediaCache:MaxDuration)");
            }

            return new Transcoded(output, duration);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            MediaStore.DeleteQuietly(output);
            throw MediaErrors.Undecodable($"ffmpeg did not finish within {settings.TranscodeTimeout.TotalSeconds:0} s");
        }
        catch
        {
            MediaStore.DeleteQuietly(output);
            throw;
        }
    }

    /// <summary>The input's duration from ffmpeg's report ("  Duration: 00:01:00.03, start: ...").</summary>
    internal static TimeSpan SourceDuration(IEnumerable<string> stderr)
    {
        foreach (var line in stderr)
        {
            var match = DurationLine().Match(line);
            if (match.Success)
            {
                var duration = TimeSpan.FromHours(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture))
                    + TimeSpan.FromMinutes(int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture))
                    + TimeSpan.FromSeconds(double.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture));
                return duration > TimeSpan.Zero ? duration : throw MediaErrors.Undecodable("its duration is zero");
            }
        }

        throw MediaErrors.Undecodable("its duration is unknown");
    }

    [GeneratedRegex(@"^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?),", RegexOptions.CultureInvariant)]
    private static partial Regex DurationLine();
}
