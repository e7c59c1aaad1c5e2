using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using Telephony.Regions.Catalog;
using Telephony.Regions.Durability;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Tunnel;

/// <summary>Work on a branch's buffer folder, done in order per branch by the sealer's threads.</summary>
internal abstract record BufferJob(string Folder);

/// <summary>
/// Journal records (frame number, length, epoch, CRC-32, bytes) to append to one of the branch's
/// two journals, and, for a mark, the answer: given once everything queued before it for its
/// branch is handed to the operating system.
/// </summary>
internal sealed record JournalAppend(string Folder, int Journal, PooledBytes? Records, TaskCompletionSource? Done) : BufferJob(Folder);

/// <summary>
/// The frames since the last seal become a chunk file. When <paramref name="ClearAfter"/> is set,
/// the branch has moved to its other journal, and the one it left holds only frames in chunks once
/// this one is written: the clear goes to the journal's lane then.
/// </summary>
internal sealed record SealJob(string Folder, long FirstFrame, long LastFrame, PooledBytes Audio, JournalClear? ClearAfter) : BufferJob(Folder);

/// <summary>Empties a journal whose records are all in chunk files (its next records are written from its start).</summary>
internal sealed record JournalClear(string Folder, int Journal, TaskCompletionSource Cleared) : BufferJob(Folder);

/// <summary>The branch is closed: after its last chunk is written, its journals go.</summary>
internal sealed record CloseBranch(string Folder) : BufferJob(Folder);

/// <summary>The journals of a closed branch go (the step of <see cref="CloseBranch"/> on its journal's thread).</summary>
internal sealed record CloseJournals(string Folder) : BufferJob(Folder);

/// <summary>
/// All file work of the recording buffers, on threads of their own (the media sockets only
/// queue bytes and go on: blocking file calls on their threads starved the thread pool under
/// load). Two kinds of lanes, each one thread working first in first out, a branch always on
/// the same one of each: journal lanes append journal records and answer marks, seal lanes
/// write chunk files. Creating a file costs far more than appending to an open one (ext4
/// searches its inode bitmap past recently deleted inodes, milliseconds when hundreds of
/// chunks a second are created and deleted), so marks never queue behind chunk files: a mark
/// waits only for its branch's journal appends. A branch has two journals and switches at a
/// seal; the journal it left is emptied once the chunk holding its frames is written, so a
/// crash at any point leaves every frame in a chunk or a journal. A further thread makes
/// everything written durable with one disk flush every <c>BufferSyncMs</c>
/// (<see cref="DiskFlush"/>). What is queued when the host stops is written and flushed before
/// it exits; journals a crash leaves are sealed at the next start.
/// </summary>
internal sealed class ChunkSealer : BackgroundService
{
    public const string JournalPrefix = "journal";
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Lane[] _journalLanes;
    private readonly Lane[] _sealLanes;
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
        var lanes = Math.Clamp(options.Value.BufferLanes, 1, 64);
        _journalLanes = Enumerable.Range(0, lanes).Select(_ => new Lane(this, new JournalWork(this))).ToArray();
        _sealLanes = Enumerable.Range(0, lanes).Select(_ => new Lane(this, new SealWork(this))).ToArray();
    }

    public string Root { get; }

    public static string JournalPath(string folder, int journal) => Path.Combine(folder, $"{JournalPrefix}-{journal}");

    public void Enqueue(BufferJob job)
    {
        _pending.AddOrUpdate(job.Folder, 1, (_, count) => count + 1);
        var lanes = job is SealJob or CloseBranch ? _sealLanes : _journalLanes;
        lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(job.Folder) % (uint)lanes.Length)].Enqueue(job);
    }

    /// <summary>Work still queued for a folder: its branch is not drained while any remains.</summary>
    public bool HasPending(string folder) => _pending.TryGetValue(folder, out var count) && count > 0;

    /// <summary>Its own threads: the writes and flushes block, and must not take thread-pool threads from the media sockets.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        _journalLanes.Concat(_sealLanes)
            .Select(lane => Task.Factory.StartNew(() => lane.Work(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .Append(Task.Factory.StartNew(() => SyncPeriodically(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    public override void Dispose()
    {
        // Seal lanes first: what they finish hands journal lanes their last clears and closes.
        foreach (var lane in _sealLanes.Concat(_journalLanes))
        {
            lane.Finish();
        }

        SyncNow();
        foreach (var lane in _sealLanes.Concat(_journalLanes))
        {
            lane.Dispose();
        }

        base.Dispose();
    }

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

    private void Done(BufferJob job) => _pending.AddOrUpdate(job.Folder, 0, (_, count) => count - 1);

    /// <summary>What one kind of lane does with a job; state it keeps belongs to its one thread.</summary>
    private interface ILaneWork
    {
        void Run(BufferJob job);

        void Close();
    }

    /// <summary>
    /// Journal appends, clears and closes on files held open. A clear only moves the journal's
    /// write position back to its start (see <see cref="BranchWriter"/>): no file system work.
    /// </summary>
    private sealed class JournalWork(ChunkSealer owner) : ILaneWork
    {
        private readonly Dictionary<string, OpenJournal> _journals = new(StringComparer.Ordinal);

        public void Run(BufferJob job)
        {
            switch (job)
            {
                case JournalAppend append:
                    if (append.Records is { } records)
                    {
                        var journal = Journal(append.Folder, append.Journal);
                        RandomAccess.Write(journal.Handle, records.Span, journal.Position);
                        journal.Position += records.Length;
                        owner.Written(journal.Path);
                    }

                    append.Done?.TrySetResult();
                    break;
                case JournalClear clear:
                    Journal(clear.Folder, clear.Journal).Position = 0;
                    clear.Cleared.TrySetResult();
                    break;
                case CloseJournals close:
                    foreach (var journal in new[] { 0, 1 })
                    {
                        var path = JournalPath(close.Folder, journal);
                        if (_journals.Remove(path, out var closing))
                        {
                            closing.Handle.Dispose();
                        }

                        File.Delete(path);
                    }

                    break;
            }
        }

        public void Close()
        {
            foreach (var journal in _journals.Values)
            {
                journal.Handle.Dispose();
            }

            _journals.Clear();
        }

        private OpenJournal Journal(string folder, int journal)
        {
            var path = JournalPath(folder, journal);
            if (!_journals.TryGetValue(path, out var open))
            {
                open = new OpenJournal(path, File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read));
                _journals[path] = open;
            }

            return open;
        }

        private sealed class OpenJournal(string path, SafeFileHandle handle)
        {
            public string Path { get; } = path;

            public SafeFileHandle Handle { get; } = handle;

            public long Position { get; set; }
        }
    }

    /// <summary>Chunk files; each written chunk hands its branch's journal lane the clear it allows.</summary>
    private sealed class SealWork(ChunkSealer owner) : ILaneWork
    {
        public void Run(BufferJob job)
        {
            switch (job)
            {
                case SealJob seal:
                    var chunk = ChunkFile.Write(seal.Folder, seal.FirstFrame, seal.LastFrame, seal.Audio.Span, flushToDisk: false);
                    owner.Written(chunk.Path);
                    owner._ledger.Added(seal.Folder);
                    owner._uploads.Wake();
                    if (seal.ClearAfter is { } clear)
                    {
                        owner.Enqueue(clear);
                    }

                    break;
                case CloseBranch close:
                    owner.Enqueue(new CloseJournals(close.Folder));
                    break;
            }
        }

        public void Close()
        {
        }
    }

    /// <summary>
    /// One thread's share of the branches, first in first out. The thread sleeps on an event of
    /// its own: waking it never waits for a thread-pool thread (an awaited channel read did, and
    /// 500 streams' mark answers kept the pool's queue hundreds of items deep).
    /// </summary>
    private sealed class Lane(ChunkSealer owner, ILaneWork work) : IDisposable
    {
        private readonly ConcurrentQueue<BufferJob> _jobs = new();

        private readonly WorkSignal _queued = new();
        private readonly Lock _working = new();
        private volatile bool _finished;

        public void Enqueue(BufferJob job)
        {
            _jobs.Enqueue(job);
            if (_finished)
            {
                // The host is stopping and the thread is gone: done here and now.
                RunQueued();
                return;
            }

            _queued.Raise();
        }

        /// <summary>Runs what is queued until the host stops; <see cref="Finish"/> writes what is left.</summary>
        public void Work(CancellationToken stoppingToken) => _queued.RunUntilStopped(RunQueued, stoppingToken);

        /// <summary>The host stops: what is queued is written, the files closed.</summary>
        public void Finish()
        {
            _finished = true;
            RunQueued();
            lock (_working)
            {
                work.Close();
            }
        }

        public void Dispose() => _queued.Dispose();

        private void RunQueued()
        {
            lock (_working)
            {
                while (_jobs.TryDequeue(out var job))
                {
                    Run(job);
                }
            }
        }

        private void Run(BufferJob job)
        {
            try
            {
                work.Run(job);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                // A mark is never answered for frames that were not written, and a journal is never
                // emptied before its chunk is written: the stream ends, the endpoint resumes after its
                // last answered mark, and the journals are sealed at the next start.
                owner._log.LogError(failure, "Buffer work on {Folder} failed; its journals are sealed at the next start", job.Folder);
                (job as JournalAppend)?.Done?.TrySetException(failure);
            }
            finally
            {
                (job as JournalAppend)?.Records?.Release();
                (job as SealJob)?.Audio.Release();
                owner.Done(job);
            }
        }
    }
}
