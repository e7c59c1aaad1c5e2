using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Regions.Data;
using Telephony.Regions.Durability;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Central;

/// <summary>A change to an upload waiting for the next group commit; completed once it is durable (or refused).</summary>
internal abstract record UploadWork(string RecordingSid)
{
    public TaskCompletionSource<UploadStatus> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called once the work is answered (or refused): nothing of it is read afterwards.</summary>
    public virtual void Release()
    {
    }
}

/// <summary>
/// Bytes at an offset; <paramref name="ChecksumMatches"/> was worked out by the caller, off the commit thread.
/// The committer owns <paramref name="Payload"/> and releases it once the append is answered.
/// </summary>
internal sealed record AppendWork(string RecordingSid, long Offset, long Sequence, RentedBytes Payload, bool ChecksumMatches, int Backlog)
    : UploadWork(RecordingSid)
{
    public ReadOnlyMemory<byte> Bytes => Payload.Memory;

    public override void Release() => Payload.Dispose();
}

/// <summary>The final length (tus' deferred <c>Upload-Length</c>).</summary>
internal sealed record CompleteWork(string RecordingSid, long Length) : UploadWork(RecordingSid);

/// <summary>Expires the upload if it is still incomplete and has received nothing since <paramref name="Cutoff"/>.</summary>
internal sealed record ExpireWork(string RecordingSid, DateTime Cutoff) : UploadWork(RecordingSid);

/// <summary>
/// Group commit for the central media service. Appends from every branch queue here; one
/// thread takes everything queued, writes each append to its recording's file, makes all of
/// those files durable with one disk flush (<see cref="DiskFlush"/>), commits every row in one
/// SQLite transaction, and only then acknowledges every append of the group. Under load the
/// groups grow (appends arriving during a flush wait for the next one), so the disk and the
/// database see a few flushes a second however many streams are recording; an append is never
/// acknowledged before its bytes and its offset are on disk. The thread is its own because the
/// file and SQLite calls block, and a blocked thread-pool thread is a media socket waiting.
/// </summary>
internal sealed class UploadCommitter(IServiceScopeFactory scopes, DataFolder data, TimeProvider clock, ILogger<UploadCommitter> log) : BackgroundService
{
    private const int MaxGroup = 512;
    private const long MaxGroupBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Under load, groups are at least this far apart, so that appends arriving one by one meet in one
    /// flush (PostgreSQL's <c>commit_delay</c>, taken only when the last group was this recent): a
    /// busy host committed a group per append, a hundred disk flushes and SQLite transactions a second.
    /// An idle service commits at once.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(50);
    private readonly Channel<UploadWork> _queue = Channel.CreateUnbounded<UploadWork>(new UnboundedChannelOptions { SingleReader = true });

    private readonly WorkSignal _submitted = new();

    public string Folder { get; } = data.Folder("recordings");

    public string ContentPath(string recordingSid) => Path.Combine(Folder, recordingSid + ".ulaw");

    public Task<UploadStatus> SubmitAsync(UploadWork work, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(work))
        {
            work.Release();
            throw new OperationCanceledException("The central media service is stopping.");
        }

        _submitted.Raise();
        return work.Done.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var group = new List<UploadWork>(MaxGroup);
        var lastCommit = long.MinValue;
        _submitted.RunUntilStopped(
            () =>
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryPeek(out _))
                {
                    if (lastCommit != long.MinValue && GatherWindow - Stopwatch.GetElapsedTime(lastCommit) is { Ticks: > 0 } gather)
                    {
                        Thread.Sleep(gather);
                    }

                    long bytes = 0;
                    while (group.Count < MaxGroup && bytes < MaxGroupBytes && _queue.Reader.TryRead(out var work))
                    {
                        group.Add(work);
                        bytes += (work as AppendWork)?.Bytes.Length ?? 0;
                    }

                    Commit(group);
                    lastCommit = Stopwatch.GetTimestamp();
                    group.ForEach(work => work.Release());
                    group.Clear();
                }
            },
            stoppingToken);

        // Stopping: what is still queued is refused.
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled(CancellationToken.None);
            left.Release();
        }
    }

    public override void Dispose()
    {
        _submitted.Dispose();
        base.Dispose();
    }

    private void Commit(List<UploadWork> group)
    {
        var applied = new List<(UploadWork Work, UploadStatus Status)>(group.Count);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();

            // One connection for the group's read and its commit: each open and close of a SQLite
            // connection registers and drops EF's SQL functions, garbage the collector must finalize.
            db.Database.OpenConnection();
            var sids = group.Select(w => w.RecordingSid).Distinct(StringComparer.Ordinal).ToList();
            var recordings = db.Recordings.Where(r => sids.Contains(r.Sid)).ToDictionary(r => r.Sid, StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var work in group)
            {
                try
                {
                    var recording = recordings.GetValueOrDefault(work.RecordingSid) ?? throw ApiException.NotFound("Upload", work.RecordingSid);
                    applied.Add((work, work switch
                    {
                        AppendWork append => Apply(recording, append, written),
                        CompleteWork complete => Apply(recording, complete),
                        ExpireWork expire => Apply(recording, expire),
                        _ => throw new InvalidOperationException(work.GetType().Name),
                    }));
                }
                catch (ApiException refused)
                {
                    work.Done.TrySetException(refused);
                }
            }

            if (written.Count > 0)
            {
                DiskFlush.Flush(Folder, written);
            }

            db.SaveChanges();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Anything but the disk and the database failing (a damaged row, say) belongs to one
            // upload: each change is tried again on its own, so the others still go through.
            if (group.Count > 1 && failure is not (IOException or DbException or DbUpdateException or UnauthorizedAccessException))
            {
                log.LogError(failure, "A group of {Count} upload changes failed; trying each on its own", group.Count);
                foreach (var work in group)
                {
                    Commit([work]);
                }

                return;
            }

            // Nothing of the group is acknowledged (bytes written past a recorded offset are cut by
            // the next append); the thread goes on with the next group.
            log.LogError(failure, "A group of {Count} upload changes failed; none is acknowledged", group.Count);
            foreach (var work in group)
            {
                work.Done.TrySetException(failure);
            }

            return;
        }

        foreach (var (work, status) in applied)
        {
            work.Done.TrySetResult(status);
        }
    }

    private UploadStatus Apply(Recording recording, AppendWork append, HashSet<string> written)
    {
        if (append.Sequence <= recording.LastSequence)
        {
            return Status(recording);
        }

        RefuseIfExpired(recording);

        if (recording.Length is not null)
        {
            throw ApiException.Conflict($"The upload is complete at {recording.Length} bytes.", "Upload-Offset");
        }

        if (append.Offset != recording.Offset)
        {
            throw ApiException.Conflict($"Upload-Offset is {append.Offset} but the upload is at {recording.Offset}.", "Upload-Offset");
        }

        if (!append.ChecksumMatches)
        {
            throw new ApiException(CentralMediaService.ChecksumMismatchStatus, ErrorCodes.InvalidParameter, "Upload-Checksum does not match the bytes received.", "Upload-Checksum");
        }

        // A crash between the write and the commit leaves bytes past the recorded offset:
        // cut them before appending, so the file always ends where the database says.
        var path = ContentPath(recording.Sid);
        using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            file.SetLength(recording.Offset);
            file.Seek(0, SeekOrigin.End);
            file.Write(append.Bytes.Span);
        }

        written.Add(path);
        recording.Offset += append.Bytes.Length;
        recording.LastSequence = append.Sequence;
        recording.Backlog = append.Backlog;
        recording.LastAppend = recording.DateUpdated = clock.GetUtcNow().UtcDateTime;
        return Status(recording);
    }

    private UploadStatus Apply(Recording recording, CompleteWork complete)
    {
        RefuseIfExpired(recording);
        if (recording.Length is { } known && known != complete.Length)
        {
            throw ApiException.Conflict($"The upload was completed at {known} bytes.", "Upload-Length");
        }

        if (complete.Length != recording.Offset)
        {
            throw ApiException.Conflict($"Upload-Length is {complete.Length} but the upload is at {recording.Offset}.", "Upload-Length");
        }

        recording.Length = complete.Length;
        recording.Backlog = 0;
        recording.DateUpdated = clock.GetUtcNow().UtcDateTime;
        return Status(recording);
    }

    private UploadStatus Apply(Recording recording, ExpireWork expire)
    {
        if (recording.Length is null && recording.DateExpired is null && (recording.LastAppend ?? recording.DateCreated) < expire.Cutoff)
        {
            recording.DateExpired = recording.DateUpdated = clock.GetUtcNow().UtcDateTime;
            log.LogWarning("Upload {Recording} expired at {Bytes} bytes: nothing arrived since {Cutoff:o}", recording.Sid, recording.Offset, expire.Cutoff);
        }

        return Status(recording);
    }

    /// <summary>tus answers an expired upload with 410 Gone: the media region stops sending it.</summary>
    internal static void RefuseIfExpired(Recording recording)
    {
        if (recording.DateExpired is { } expired)
        {
            throw new ApiException(StatusCodes.Status410Gone, ErrorCodes.ForStatus(StatusCodes.Status410Gone), $"The upload expired at {TwilioJson.Iso(expired)} with {recording.Offset} bytes.");
        }
    }

    private static UploadStatus Status(Recording recording) => new(recording.Offset, recording.LastSequence, recording.Length, recording.DateExpired is not null);
}
