using FFMpegCore;
using Microsoft.Extensions.Options;

namespace Telephony.MediaCache.Processing;

/// <summary>
/// ffprobe and ffmpeg through FFMpegCore. Options are passed per call (never the global static),
/// the input format is decided by ffmpeg from the bytes (the temp file has no meaningful
/// extension), and every run is bounded by a timeout that kills the process.
/// </summary>
internal sealed class Transcoder(MediaStore store, IOptions<MediaCacheOptions> options)
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    public FFOptions FfOptions => new()
    {
        BinaryFolder = options.Value.FfmpegFolder ?? string.Empty,
        TemporaryFilesFolder = store.Temp,
    };

    /// <summary>The source's audio duration; refuses what has no audio stream or is too long.</summary>
    public async Task<TimeSpan> ProbeAsync(string sourcePath, CancellationToken cancellationToken)
    {
        using var timeout = Bounded(cancellationToken);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(sourcePath, FfOptions, null, timeout.Token);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw MediaErrors.Undecodable(timeout.IsCancellationRequested
                ? $"ffprobe did not finish within {options.Value.TranscodeTimeout.TotalSeconds:0} s"
                : "ffprobe does not recognise it as audio (corrupt, or not a media file)");
        }

        if (analysis.PrimaryAudioStream is null)
        {
            throw MediaErrors.Undecodable("it has no audio stream");
        }

        var duration = analysis.PrimaryAudioStream.Duration > TimeSpan.Zero ? analysis.PrimaryAudioStream.Duration : analysis.Duration;
        if (duration <= TimeSpan.Zero)
        {
            throw MediaErrors.Undecodable("its duration is unknown or zero");
        }

        if (duration > options.Value.MaxDuration)
        {
            throw MediaErrors.Undecodable($"it lasts {duration.TotalSeconds:0} s, more than the {options.Value.MaxDuration.TotalSeconds:0} s allowed (MediaCache:MaxDuration)");
        }

        return duration;
    }

    /// <summary>Transcodes into a seekable temp file (never a pipe: WAV sizes would be 0xFFFFFFFF).</summary>
    public async Task<string> TranscodeAsync(string sourcePath, MediaFormat format, CancellationToken cancellationToken)
    {
        var output = store.NewTempPath(format.Extension);
        using var timeout = Bounded(cancellationToken);
        try
        {
            var result = await FFMpegArguments
                .FromFileInput(sourcePath, verifyExists: true)
                .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(format.FfmpegArguments))
                .CancellableThrough(timeout.Token, KillGrace)
                .ProcessAsynchronously(throwOnError: false, FfOptions, timeout.Token);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Cancelled || timeout.IsCancellationRequested)
            {
                throw MediaErrors.Undecodable($"ffmpeg did not finish within {options.Value.TranscodeTimeout.TotalSeconds:0} s");
            }

            if (!result.Success || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                throw MediaErrors.Undecodable("ffmpeg could not decode it");
            }

            return output;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            MediaStore.DeleteQuietly(output);
            throw MediaErrors.Undecodable($"ffmpeg did not finish within {options.Value.TranscodeTimeout.TotalSeconds:0} s");
        }
        catch
        {
            MediaStore.DeleteQuietly(output);
            throw;
        }
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.TranscodeTimeout);
        return timeout;
    }
}
