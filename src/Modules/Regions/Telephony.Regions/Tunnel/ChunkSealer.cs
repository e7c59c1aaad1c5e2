using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Durability;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Tunnel;

/// <summary>Work on a branch's buffer folder, done in order per branch by the sealer's threads.</summary>
internal abstract record BufferJob(string Folder);

/// <summary>
/// The frames since the last seal become a chunk file; <paramref name="Written"/>, when set, is
/// completed once it is (the branch's other journal then holds only frames in chunks), and fails
/// if it cannot be.
/// </summary>
internal sealed record SealJob(string Folder, long FirstFrame, long LastFrame, PooledBytes Audio, TaskCompletionSource? Written) : BufferJob(Folder);

/// <summary>The branch is closed: after its last chunk is written, its journals go (unless a chunk could not be written).</summary>
internal sealed record CloseBranch(string Folder) : BufferJob(Folder);

/// <summary>
/// The chunk files of the recording buffers, on threads of their own (the media sockets queue
/// chunks and go on: creating files on their threads starved the thread pool under load; the only
/// file call they make is a mark's append to a journal held open). Lanes, each one thread working
/// first in first out, a branch always on the same one, so its chunks are written in order.
/// Creating a file costs far more than appending to an open one (ext4 searches its inode bitmap
/// past recently deleted inodes, milliseconds when hundreds of chunks a second are created and
/// deleted), so marks do not wait for chunk files: a mark waits for its branch's journal append
/// (<see cref="BranchWriter"/>), and for a chunk only when that chunk holds frames a journal write
/// failed to keep. A further thread makes everything written durable with one disk flush every
/// <c>BufferSyncMs</c> (<see cref="DiskFlush"/>). What is queued when the host stops is written and flushed before
/// it exits; journals a crash leaves are sealed at the next start. Once a chunk of a branch cannot
/// be written, none after it is (a later chunk would reach the far side ahead of the lost one's
/// frames): the branch's journals keep its frames from then on, and are sealed into a chunk when
/// it closes (<see cref="TunnelUploader"/>) or at the next start.
/// </summary>
internal sealed class ChunkSealer : BackgroundService
{
    private readonly ConcurrentDictionary<string, int> _pending = new(StringComparer.Ordinal);

    /// <summary>Branches a chunk of which could not be written, with why: their later chunks are not written either.</summary>
    private readonly ConcurrentDictionary<string, Exception> _failed = new(StringComparer.Ordinal);
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
        _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(job.Folder) % (uint)_lanes.Length)].Enqueue(job);
    }

    /// <summary>Work still queued for a folder: its branch is not drained while any remains.</summary>
    public bool HasPending(string folder) => _pending.TryGetValue(folder, out var count) && count > 0;

    /// <summary>Its own threads: the writes and flushes block, and must not take thread-pool threads from the media sockets.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        _lanes
            .Select(lane => Task.Factory.StartNew(() => lane.Work(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .Append(Task.Factory.StartNew(() => SyncPeriodically(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    public override void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Finish();
        }

        SyncNow();
        foreach (var lane in _lanes)
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
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            _log.LogError(failure, "Flushing {Count} buffer files to the disk failed; they stay in the operating system's cache", written.Count);
        }
    }

    /// <summary>A buffer file written since the last flush: the next periodic flush makes it durable.</summary>
    public void Written(string path)
    {
        lock (_syncing)
        {
            _unsynced.Add(path);
        }
    }

    /// <summary>A seal's journal append failed: the frames' one copy is their chunk (marks wait for it).</summary>
    public void JournalFailed(string folder, Exception failure) =>
        _log.LogError(failure, "A journal of {Folder} could not be written; its frames go to their chunk only", folder);

    /// <summary>Folders with work queued now (the count of each is dropped at zero, so the map does not grow with every branch ever opened).</summary>
    internal int FoldersWithWork => _pending.Count;

    private void Done(BufferJob job)
    {
        if (_pending.AddOrUpdate(job.Folder, 0, (_, count) => count - 1) == 0)
        {
            // Removed only if still zero: a job enqueued meanwhile keeps its count.
            _pending.TryRemove(KeyValuePair.Create(job.Folder, 0));
        }
    }

    private void Run(BufferJob job)
    {
        try
        {
            switch (job)
            {
                case SealJob seal:
                    WriteChunk(seal);
                    break;
                case CloseBranch close:
                    Close(close.Folder);
                    break;
            }
        }
        finally
        {
            (job as SealJob)?.Audio.Release();
            Done(job);
        }
    }

    private void WriteChunk(SealJob seal)
    {
        if (_failed.TryGetValue(seal.Folder, out var earlier))
        {
            seal.Written?.TrySetException(earlier);
            return;
        }

        try
        {
            var chunk = ChunkFile.Write(seal.Folder, seal.FirstFrame, seal.LastFrame, seal.Audio.Span, flushToDisk: false);
            Written(chunk.Path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            _log.LogError(failure, "A chunk of {Folder} could not be written; the branch's frames stay in its journals until it closes", seal.Folder);
            _failed[seal.Folder] = failure;
            seal.Written?.TrySetException(failure);
            return;
        }

        _ledger.Added(seal.Folder);
        _uploads.Wake();
        seal.Written?.TrySetResult();
    }

    /// <summary>The journals go once every frame is in a chunk; a branch whose chunk failed keeps them for the uploader to seal.</summary>
    private void Close(string folder)
    {
        if (_failed.TryRemove(folder, out _))
        {
            _uploads.Wake();
            return;
        }

        try
        {
            foreach (var journal in new[] { 0, 1 })
            {
                File.Delete(BranchWriter.JournalPath(folder, journal));
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // Journals left behind hold only frames already in chunks: sealing them again finds nothing new.
            _log.LogWarning(failure, "The journals of closed branch {Folder} could not be deleted", folder);
        }
    }

    /// <summary>
    /// One thread's share of the branches, first in first out. The thread sleeps on an event of
    /// its own: waking it never waits for a thread-pool thread (an awaited channel read did, and
    /// 500 streams' mark answers kept the pool's queue hundreds of items deep).
    /// </summary>
    private sealed class Lane(ChunkSealer owner) : IDisposable
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
                // The host is stopping and the flushing thread is gone: written and flushed here and now.
                RunQueued();
                owner.SyncNow();
                return;
            }

            _queued.Raise();
        }

        /// <summary>Runs what is queued until the host stops; <see cref="Finish"/> writes what is left.</summary>
        public void Work(CancellationToken stoppingToken) => _queued.RunUntilStopped(RunQueued, stoppingToken);

        /// <summary>The host stops: what is queued is written.</summary>
        public void Finish()
        {
            _finished = true;
            RunQueued();
        }

        public void Dispose() => _queued.Dispose();

        private void RunQueued()
        {
            lock (_working)
            {
                while (_jobs.TryDequeue(out var job))
                {
                    owner.Run(job);
                }
            }
        }

    }
}
