using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Regions.Tunnel;

/// <summary>Work on a branch's buffer folder, done in order by the sealer's thread.</summary>
internal abstract record BufferJob(string Folder);

/// <summary>Journal records (frame number, length, bytes) to append.</summary>
internal sealed record JournalAppend(string Folder, byte[] Records) : BufferJob(Folder);

/// <summary>The journal so far becomes a chunk file of these frames.</summary>
internal sealed record SealJob(string Folder, long FirstFrame, long LastFrame, byte[] Audio) : BufferJob(Folder);

/// <summary>Everything queued before it is handed to the operating system (a mark's echo waits for it).</summary>
internal sealed record Barrier(string Folder, TaskCompletionSource Done) : BufferJob(Folder);

/// <summary>The branch is closed: its (empty) journal goes.</summary>
internal sealed record CloseJournal(string Folder) : BufferJob(Folder);

/// <summary>
/// All file work of the recording buffers, on one thread of its own, first in first out: the
/// media sockets only queue bytes and go on (blocking file calls on their threads starved the
/// thread pool under load). A branch's chunks therefore appear in frame order. What is queued
/// when the host stops is written before it exits; a journal a crash leaves is sealed at the
/// next start.
/// </summary>
internal sealed class ChunkSealer(UploadSignal uploads, ILogger<ChunkSealer> log) : BackgroundService
{
    private const string JournalName = "journal";
    private readonly Channel<BufferJob> _jobs = Channel.CreateUnbounded<BufferJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStream> _journals = new(StringComparer.Ordinal);
    private readonly Lock _working = new();

    public void Enqueue(BufferJob job)
    {
        _pending.AddOrUpdate(job.Folder, 1, (_, count) => count + 1);
        if (!_jobs.Writer.TryWrite(job))
        {
            Run(job);
        }
    }

    /// <summary>Work still queued for a folder: its branch is not drained while any remains.</summary>
    public bool HasPending(string folder) => _pending.TryGetValue(folder, out var count) && count > 0;

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
                        Run(job);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: Dispose writes what is left.
            }
        },
        stoppingToken,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    public override void Dispose()
    {
        _jobs.Writer.TryComplete();
        while (_jobs.Reader.TryRead(out var job))
        {
            Run(job);
        }

        lock (_working)
        {
            foreach (var journal in _journals.Values)
            {
                journal.Dispose();
            }

            _journals.Clear();
        }

        base.Dispose();
    }

    private void Run(BufferJob job)
    {
        lock (_working)
        {
            try
            {
                switch (job)
                {
                    case JournalAppend append:
                        Journal(append.Folder).Write(append.Records);
                        break;
                    case Barrier barrier:
                        if (_journals.TryGetValue(barrier.Folder, out var open))
                        {
                            open.Flush(flushToDisk: false);
                        }

                        barrier.Done.TrySetResult();
                        break;
                    case SealJob seal:
                        ChunkFile.Write(seal.Folder, seal.FirstFrame, seal.LastFrame, seal.Audio, flushToDisk: false);
                        Journal(seal.Folder).SetLength(0);
                        uploads.Wake();
                        break;
                    case CloseJournal close:
                        if (_journals.Remove(close.Folder, out var closing))
                        {
                            closing.Dispose();
                        }

                        File.Delete(Path.Combine(close.Folder, JournalName));
                        break;
                }
            }
            catch (IOException failure)
            {
                log.LogError(failure, "Buffer work on {Folder} failed; its journal is sealed at the next start", job.Folder);
                (job as Barrier)?.Done.TrySetResult();
            }
            finally
            {
                _pending.AddOrUpdate(job.Folder, 0, (_, count) => count - 1);
            }
        }
    }

    private FileStream Journal(string folder)
    {
        if (!_journals.TryGetValue(folder, out var journal))
        {
            journal = new FileStream(Path.Combine(folder, JournalName), FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
            _journals[folder] = journal;
        }

        return journal;
    }
}
