using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Telephony.MediaCache.Health;

/// <summary>
/// Ready only when ffmpeg runs (the only binary the layer starts). It is looked up where FFMpegCore will look
/// (<c>MediaCache:FfmpegFolder</c>, else the PATH), so a wrong folder shows here rather than as
/// a silent fall-back to another ffmpeg. The answer is kept for a minute.
/// </summary>
internal sealed class FfmpegHealthCheck(IOptions<MediaCacheOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && clock.GetUtcNow() - last.At < KeepFor)
        {
            return last.Result;
        }

        var result = await ProbeAsync(cancellationToken);
        _last = (result, clock.GetUtcNow());
        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var folder = options.Value.FfmpegFolder;
        var ffmpeg = await VersionAsync(string.IsNullOrEmpty(folder) ? "ffmpeg" : Path.Combine(folder, "ffmpeg"), cancellationToken);
        var data = new Dictionary<string, object> { ["ffmpeg"] = ffmpeg ?? "not found", ["folder"] = folder ?? "PATH" };
        return ffmpeg is not null
            ? HealthCheckResult.Healthy(ffmpeg, data)
            : HealthCheckResult.Unhealthy("ffmpeg does not run; install ffmpeg or set MediaCache:FfmpegFolder.", data: data);
    }

    private static async Task<string?> VersionAsync(string binary, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(binary, "-version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var firstLine = await process.StandardOutput.ReadLineAsync(timeout.Token);
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? firstLine : null;
        }
        catch (Exception failure) when (failure is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }
}
