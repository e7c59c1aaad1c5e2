using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Durability;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Tunnel;

/// <summary>Work on a branch's buffer folder, done in order by the sealer's thread.</summary>
internal abstract record BufferJob(string Folder);

/// <summary>
/// Journal records (frame number, length, bytes) to append, if any, and a mark waiting: it is
/// answered once everything queued before it is handed to the operating system.
/// </summary>
internal sealed record JournalAppend(string Folder, PooledBytes? Records, TaskCompletionSource Done) : BufferJob(Folder);

/// <summary>The frames since the last seal become a chunk file; the journal restarts.</summary>
internal sealed record SealJob(string Folder, long FirstFrame, long LastFrame, PooledBytes Audio) : BufferJob(Folder);

/// <summary>The branch is closed: its (empty) journal goes.</summary>
internal sealed record CloseJournal(string Folder) : BufferJob(Folder);

/// <summary>
/// All file work of the recording buffers, on one thread of its own, first in first out: the
/// media sockets only queue bytes and go on (blocking file calls on their threads starved the
/// thread pool under load). A branch's chunks therefore appear in frame order.
/// Group work: the thread takes everything queued, writes it, hands the touched journals to
/// the operating system with one write each, and only then answers every mark of the round;
/// a second thread makes everything written durable with one disk flush every
/// <c>BufferSyncMs</c> (<see cref="DiskFlush"/>). What is queued when the host stops is
/// written and flushed before it exits; a journal a crash leaves is sealed at the next start.
/// </summary>
internal sealed class ChunkSealer(UploadSignal uploads, BufferLedger ledger, DataFolder data, IOptions<RegionsOptions> options, ILogger<ChunkSealer> log) : BackgroundService
{
    private const string JournalName = "journal";
    private const int MaxRound = 1024;
    private readonly Channel<BufferJob> _jobs = Channel.CreateUnbounded<BufferJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStream> _journals = new(StringComparer.Ordinal);
    private readonly HashSet<FileStream> _unflushed = [];
    private readonly List<TaskCompletionSource> _marks = [];
    private readonly Lock _working = new();
    private readonly Lock _syncing = new();
    private HashSet<string> _unsynced = new(StringComparer.Ordinal);

    public string Root { get; } = data.Folder("regions-buffer");

    public void Enqueue(BufferJob job)
    {
        _pending.AddOrUpdate(job.Folder, 1, (_, count) => count + 1);
        if (!_jobs.Writer.TryWrite(job))
        {
            lock (_working)
            {
                Run(job);
                HandOver();
            }
        }
    }

    /// <summary>Work still queued for a folder: its branch is not drained while any remains.</summary>
    public bool HasPending(string folder) => _pending.TryGetValue(folder, out var count) && count > 0;

    /// <summary>Its own threads: the writes and flushes block, and must not take thread-pool threads from the media sockets.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Task.Factory.StartNew(() => Work(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default),
        Task.Factory.StartNew(() => SyncPeriodically(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));

    public override void Dispose()
    {
        _jobs.Writer.TryComplete();
        lock (_working)
        {
            while (_jobs.Reader.TryRead(out var job))
            {
                Run(job);
            }

            HandOver();
            foreach (var journal in _journals.Values)
            {
                journal.Dispose();
            }

            _journals.Clear();
        }

        SyncNow();
        base.Dispose();
    }

    private void Work(CancellationToken stoppingToken)
    {
        try
        {
            while (_jobs.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                lock (_working)
                {
                    for (var taken = 0; taken < MaxRound && _jobs.Reader.TryRead(out var job); taken++)
                    {
                        Run(job);
                    }

                    HandOver();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: Dispose writes what is left.
        }
    }

    /// <summary>Every <c>BufferSyncMs</c>, everything written since the last flush goes to the disk in one flush.</summary>
    private void SyncPeriodically(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, options.Value.BufferSyncMs));
        while (!stoppingToken.WaitHandle.WaitOne(interval))
        {
            SyncNow();
        }
    }

    private void SyncNow()
    {
        HashSet<string> written;
        lock (_syncing)
        {
            if (_unsynced.Count == 0)
            {
                return;
            }

            written = _unsynced;
            _unsynced = new HashSet<string>(StringComparer.Ordinal);
        }

        try
        {
            DiskFlush.Flush(Root, written);
        }
        catch (IOException failure)
        {
            log.LogError(failure, "Flushing {Count} buffer files to the disk failed; they stay in the operating system's cache", written.Count);
        }
    }

    private void Run(BufferJob job)
    {
        try
        {
            switch (job)
            {
                case JournalAppend append:
                    if (append.Records is { } records)
                    {
                        var journal = Journal(append.Folder);
                        journal.Write(records.Span);
                        _unflushed.Add(journal);
                    }

                    _marks.Add(append.Done);
                    break;
                case SealJob seal:
                    var chunk = ChunkFile.Write(seal.Folder, seal.FirstFrame, seal.LastFrame, seal.Audio.Span, flushToDisk: false);
                    if (_journals.TryGetValue(seal.Folder, out var restarting) && restarting.Position > 0)
                    {
                        restarting.SetLength(0);
                        _unflushed.Remove(restarting);
                    }

                    Written(chunk.Path);
                    ledger.Added(seal.Folder);
                    uploads.Wake();
                    break;
                case CloseJournal close:
                    if (_journals.Remove(close.Folder, out var closing))
                    {
                        _unflushed.Remove(closing);
                        closing.Dispose();
                    }

                    File.Delete(Path.Combine(close.Folder, JournalName));
                    break;
            }
        }
        catch (IOException failure)
        {
            // A mark is never answered for frames that were not written: the stream ends, and the
            // endpoint resumes after its last answered mark.
            log.LogError(failure, "Buffer work on {Folder} failed; its journal is sealed at the next start", job.Folder);
            (job as JournalAppend)?.Done.TrySetException(failure);
        }
        finally
        {
            (job as JournalAppend)?.Records?.Release();
            (job as SealJob)?.Audio.Release();
            _pending.AddOrUpdate(job.Folder, 0, (_, count) => count - 1);
        }
    }

    /// <summary>The round's journal writes go to the operating system, one write per journal; then its marks are answered.</summary>
    private void HandOver()
    {
        IOException? failed = null;
        foreach (var journal in _unflushed)
        {
            try
            {
                journal.Flush(flushToDisk: false);
                Written(journal.Name);
            }
            catch (IOException failure)
            {
                log.LogError(failure, "Writing journal {Journal} failed; it is sealed at the next start", journal.Name);
                failed ??= failure;
            }
        }

        _unflushed.Clear();
        foreach (var mark in _marks)
        {
            if (failed is null)
            {
                mark.TrySetResult();
            }
            else
            {
                mark.TrySetException(failed);
            }
        }

        _marks.Clear();
    }

    private void Written(string path)
    {
        lock (_syncing)
        {
            _unsynced.Add(path);
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
