using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Regions.Tunnel;

/// <summary>A journal segment set aside (renamed <c>{firstFrame}.sealing</c>) with its audio, to become a chunk file.</summary>
internal sealed record SealJob(string Folder, string SealingPath, long FirstFrame, long LastFrame, byte[] Audio);

/// <summary>
/// Writes sealed chunks (and their fsync) off the media sockets' path: a socket only renames
/// its journal segment and goes on. One consumer, first in first out, so a branch's chunks
/// appear in frame order. A segment still waiting when the process stops is sealed from its
/// journal at the next start.
/// </summary>
internal sealed class ChunkSealer(UploadSignal uploads, ILogger<ChunkSealer> log) : BackgroundService
{
    private readonly Channel<SealJob> _jobs = Channel.CreateUnbounded<SealJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(SealJob job) => _jobs.Writer.TryWrite(job);

    /// <summary>Its own thread: the writes and fsyncs block, and must not take thread-pool threads from the media sockets.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(
        () =>
        {
            try
            {
                while (_jobs.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
                {
                    while (_jobs.Reader.TryRead(out var job))
                    {
                        Seal(job);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: what is left is sealed from the journals at the next start.
            }
        },
        stoppingToken,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    private void Seal(SealJob job)
    {
        if (!File.Exists(job.SealingPath))
        {
            return;
        }

        try
        {
            ChunkFile.Write(job.Folder, job.FirstFrame, job.LastFrame, job.Audio);
            File.Delete(job.SealingPath);
            uploads.Wake();
        }
        catch (IOException failure)
        {
            log.LogError(failure, "Sealing {Segment} failed; it is sealed from its journal at the next start", job.SealingPath);
        }
    }
}
