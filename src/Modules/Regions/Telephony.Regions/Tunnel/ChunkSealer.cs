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
/// answered once everything queued before it for its branch is handed to the operating system.
/// </summary>
internal sealed record JournalAppend(string Folder, PooledBytes? Records, TaskCompletionSource Done) : BufferJob(Folder);

/// <summary>The frames since the last seal become a chunk file; the journal restarts.</summary>
internal sealed record SealJob(string Folder, long FirstFrame, long LastFrame, PooledBytes Audio) : BufferJob(Folder);

/// <summary>The branch is closed: its (empty) journal goes.</summary>
internal sealed record CloseJournal(string Folder) : BufferJob(Folder);

/// <summary>
/// All file work of the recording buffers, on threads of their own (the media sockets only
/// queue bytes and go on: blocking file calls on their threads starved the thread pool under
/// load). Branches are spread over a few lanes, each one thread working first in first out, so
/// a branch's chunks appear in frame order while a slow file operation of one branch holds up
/// only its lane. A mark is answered as soon as its lane reaches it: its journal records are
/// handed to the operating system with one write, after every earlier chunk of its branch.
/// A further thread makes everything written durable with one disk flush every
/// <c>BufferSyncMs</c> (<see cref="DiskFlush"/>). What is queued when the host stops is
/// written and flushed before it exits; a journal a crash leaves is sealed at the next start.
/// </summary>
internal sealed class ChunkSealer : BackgroundService
{
    private const string JournalName = "journal";
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Lane[] _lanes;
    private readonly Lock _syncing = new();
    private readonly UploadSignal _uploads;
    private readonly BufferLedger _ledger;
    private readonly IOptions<RegionsOptions> _options;
    private readonly ILogger<ChunkSealer> _log;
    private HashSet<string> _unsynced = new(StringComparer.Ordinal);

    public ChunkSealer(UploadSignal uploads, BufferLedger ledger, DataFolder data, IOptions<RegionsOptions> options, ILogger<ChunkSealer> log)
    {
        _uploads = uploads;
        _ledger = ledger;
        _options = options;
        _log = log;
        Root = data.Folder("regions-buffer");
        _lanes = Enumerable.Range(0, Math.Clamp(options.Value.BufferLanes, 1, 64)).Select(_ => new Lane(this)).ToArray();
    }

    public string Root { get; }

    public void Enqueue(BufferJob job)
    {
        _pending.AddOrUpdate(job.Folder, 1, (_, count) => count + 1);
        LaneOf(job.Folder).Enqueue(job);
    }

    /// <summary>Work still queued for a folder: its branch is not drained while any remains.</summary>
    public bool HasPending(string folder) => _pending.TryGetValue(folder, out var count) && count > 0;

    /// <summary>Its own threads: the writes and flushes block, and must not take thread-pool threads from the media sockets.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        _lanes.Select(lane => Task.Factory.StartNew(() => lane.Work(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .Append(Task.Factory.StartNew(() => SyncPeriodically(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    public override void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Finish();
        }

        SyncNow();
        base.Dispose();
    }

    private Lane LaneOf(string folder) => _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(folder) % (uint)_lanes.Length)];

    /// <summary>Every <c>BufferSyncMs</c>, everything written since the last flush goes to the disk in one flush.</summary>
    private void SyncPeriodically(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, _options.Value.BufferSyncMs));
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
            _log.LogError(failure, "Flushing {Count} buffer files to the disk failed; they stay in the operating system's cache", written.Count);
        }
    }

    private void Written(string path)
    {
        lock (_syncing)
        {
            _unsynced.Add(path);
        }
    }

    /// <summary>One thread's share of the branches, first in first out.</summary>
    private sealed class Lane(ChunkSealer owner)
    {
        private readonly Channel<BufferJob> _jobs = Channel.CreateUnbounded<BufferJob>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<string, FileStream> _journals = new(StringComparer.Ordinal);
        private readonly Lock _working = new();

        public void Enqueue(BufferJob job)
        {
            if (!_jobs.Writer.TryWrite(job))
            {
                lock (_working)
                {
                    Run(job);
                }
            }
        }

        public void Work(CancellationToken stoppingToken)
        {
            try
            {
                while (_jobs.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
                {
                    lock (_working)
                    {
                        while (_jobs.Reader.TryRead(out var job))
                        {
                            Run(job);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: Finish writes what is left.
            }
        }

        /// <summary>The host stops: what is queued is written, the journals closed.</summary>
        public void Finish()
        {
            _jobs.Writer.TryComplete();
            lock (_working)
            {
                while (_jobs.Reader.TryRead(out var job))
                {
                    Run(job);
                }

                foreach (var journal in _journals.Values)
                {
                    journal.Dispose();
                }

                _journals.Clear();
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
                            journal.Flush(flushToDisk: false);
                            owner.Written(journal.Name);
                        }

                        append.Done.TrySetResult();
                        break;
                    case SealJob seal:
                        var chunk = ChunkFile.Write(seal.Folder, seal.FirstFrame, seal.LastFrame, seal.Audio.Span, flushToDisk: false);
                        if (_journals.TryGetValue(seal.Folder, out var restarting) && restarting.Position > 0)
                        {
                            restarting.SetLength(0);
                        }

                        owner.Written(chunk.Path);
                        owner._ledger.Added(seal.Folder);
                        owner._uploads.Wake();
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
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                // A mark is never answered for frames that were not written: the stream ends, and the
                // endpoint resumes after its last answered mark.
                owner._log.LogError(failure, "Buffer work on {Folder} failed; its journal is sealed at the next start", job.Folder);
                (job as JournalAppend)?.Done.TrySetException(failure);
            }
            finally
            {
                (job as JournalAppend)?.Records?.Release();
                (job as SealJob)?.Audio.Release();
                owner._pending.AddOrUpdate(job.Folder, 0, (_, count) => count - 1);
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
}
