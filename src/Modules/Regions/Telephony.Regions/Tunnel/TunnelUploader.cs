using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Data;
using Telephony.Regions.Media;
using Telephony.Regions.Peer;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// Drains the local buffer of every open recording branch to its signaling region's central
/// media service, in frame order. A hosted service rather than Hangfire jobs: it is one
/// continuous pump woken within milliseconds of a chunk being sealed, order matters (a job
/// retry queue would reorder appends), and its state is the files and rows it reads, so a
/// restart simply carries on. A chunk is deleted only after the far side acknowledged it
/// (the lesson of LiveKit egress, which lost recordings by deleting after a failed upload).
/// </summary>
internal sealed class TunnelUploader(
    IServiceScopeFactory scopes,
    MediaRuntime runtime,
    ChunkSealer buffers,
    CentralMediaClient central,
    UploadSignal signal,
    BufferLedger ledger,
    IOptions<RegionsOptions> options,
    ILogger<TunnelUploader> log) : BackgroundService
{
    /// <summary>Branches appended at once: concurrent appends meet in the far side's group commit.</summary>
    private const int ParallelBranches = 32;
    private const int ChunksPerAppend = 5;
    private static readonly TimeSpan PassSpacing = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(3);

    /// <summary>Appends carry up to this much (about 32 s of audio): a backlog drains in few round trips.</summary>
    private const int BatchBytes = 256 * 1024;

    /// <summary>
    /// The uploader's own work runs one piece at a time on the thread pool: a pass over hundreds of
    /// branches otherwise queued hundreds of continuations at once, ahead of the media sockets'
    /// reads (its awaits come back to this scheduler; its network waits still overlap).
    /// </summary>
    private readonly TaskScheduler _paced = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, maxConcurrencyLevel: 1).ConcurrentScheduler;

    /// <summary>
    /// Where each branch's upload stood at the far side's last answer. As a tus client, the uploader
    /// asks (HEAD) only when it does not know: after a start, a failed append, or a 409. Asking before
    /// every append cost a round trip (and, in process, a database connection) per append. A stale
    /// entry is harmless: a replay is recognised by its sequence, a wrong offset is a 409.
    /// </summary>
    private readonly ConcurrentDictionary<string, UploadStatus> _known = new(StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => PumpAsync(stoppingToken), stoppingToken, TaskCreationOptions.DenyChildAttach, _paced).Unwrap();

    private async Task PumpAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var outcome = PassOutcome.Idle;
            try
            {
                outcome = await DrainAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is DbUpdateException or IOException or UnauthorizedAccessException)
            {
                log.LogWarning(failure, "Tunnel pass failed; retrying");
                outcome = PassOutcome.LinkFailed;
            }

            // Held branches are looked at again within a second; a failed link after UploadRetryMs;
            // a closed branch that just sent its last chunks is completed by the next pass at once.
            // The short pause coalesces the wake-ups of many streams sealing at once into one pass.
            var wait = outcome switch
            {
                PassOutcome.LinkFailed => TimeSpan.FromMilliseconds(options.Value.UploadRetryMs),
                PassOutcome.ClosedBranchesSent => TimeSpan.Zero,
                _ => TimeSpan.FromSeconds(1),
            };
            try
            {
                await Task.Delay(PassSpacing, stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal enum PassOutcome
    {
        Idle,
        ClosedBranchesSent,
        LinkFailed,
    }

    /// <summary>
    /// One pass over every open branch. What the far side acknowledged is recorded for all branches
    /// in one transaction, and only then are those chunks deleted here (a crash in between leaves
    /// chunks the far side already holds: the next pass sees them acknowledged and deletes them).
    /// </summary>
    public async Task<PassOutcome> DrainAllAsync(CancellationToken cancellationToken)
    {
        List<OpenBranch> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            open = await scope.ServiceProvider.GetRequiredService<RegionsDb>().Branches
                .Where(b => !b.Completed).Select(b => new OpenBranch(b.RecordingSid, b.TargetRegion, b.Closed, b.AckedThroughFrame)).ToListAsync(cancellationToken);
        }

        var openSids = open.Select(b => b.Sid).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _known.Keys.Where(sid => !openSids.Contains(sid)).ToList())
        {
            _known.TryRemove(gone, out _);
        }

        var ready = open.Where(b => IsWorthAnAppend(b.Sid, b.Closed)).ToList();
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var completed = new ConcurrentBag<string>();
        var expired = new ConcurrentBag<string>();
        var linkFailed = false;
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = ParallelBranches, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current }, async (branch, token) =>
        {
            try
            {
                if (await DrainAsync(branch, acknowledged, token))
                {
                    completed.Add(branch.Sid);
                }
            }
            catch (PeerUnreachableException unreachable)
            {
                _known.TryRemove(branch.Sid, out _);
                log.LogInformation("Branch {Recording} waits for {Region}: chunks stay buffered", branch.Sid, unreachable.Region);
                linkFailed = true;
            }
            catch (ApiException gone) when (gone.Status is StatusCodes.Status410Gone or StatusCodes.Status404NotFound)
            {
                // The far side expired the upload (nothing arrived for its expiry time) or has no such
                // upload at all: asking again will not change that. Stop sending, but keep what is
                // buffered here for an operator rather than delete audio.
                log.LogError("Branch {Recording} is gone from the central media service ({Status}: {Reason}); its buffer is kept in {Folder}", branch.Sid, gone.Status, gone.Message, runtime.BranchFolder(branch.Sid));
                expired.Add(branch.Sid);
                _known.TryRemove(branch.Sid, out _);
            }
            catch (ApiException refused)
            {
                log.LogWarning("Branch {Recording} refused by the central media service: {Reason}", branch.Sid, refused.Message);
                _known.TryRemove(branch.Sid, out _);
                linkFailed = true;
            }
        });

        await RecordAsync([.. acknowledged], [.. completed], [.. expired], cancellationToken);
        return linkFailed ? PassOutcome.LinkFailed
            : acknowledged.Any(a => open.Exists(b => b.Sid == a.RecordingSid && b.Closed)) ? PassOutcome.ClosedBranchesSent
            : PassOutcome.Idle;
    }

    /// <summary>A branch not yet complete, as the pass found it (what the far side had acknowledged is recorded at the end of each pass).</summary>
    private sealed record OpenBranch(string Sid, string Target, bool Closed, long AckedThroughFrame);

    /// <summary>Chunks of a branch the far side holds, through <see cref="Frame"/>.</summary>
    internal sealed record Acknowledged(string RecordingSid, long Frame, List<ChunkFile> Chunks);

    /// <summary>
    /// A live branch is sent every few chunks (or when its oldest chunk has waited a few
    /// seconds), not every second: hundreds of streams then cost tens of appends a second,
    /// not hundreds. A closed branch is sent at once. The counts come from the ledger, not from
    /// listing hundreds of folders on every pass.
    /// </summary>
    private bool IsWorthAnAppend(string recordingSid, bool closed)
    {
        var (chunks, since) = ledger.Of(runtime.BranchFolder(recordingSid));
        return closed || chunks >= ChunksPerAppend || (chunks > 0 && DateTime.UtcNow - since > MaxHold);
    }

    /// <summary>Sends what the branch holds; true when the branch is closed, empty and declared complete.</summary>
    private async Task<bool> DrainAsync(OpenBranch branch, ConcurrentBag<Acknowledged> acknowledged, CancellationToken cancellationToken)
    {
        var (recordingSid, target, closed, _) = branch;
        var folder = runtime.BranchFolder(recordingSid);

        // Asked before the chunks are listed, and once: a closed branch with nothing queued then has
        // every chunk it will ever have in that list (a seal during this pass makes it wait for the next).
        var settled = closed && !buffers.HasPending(folder);
        var chunks = ChunkFile.InFolder(folder);
        if (chunks.Count == 0 && !closed)
        {
            return false;
        }

        if (settled && chunks.Count == 0 && BranchWriter.HasJournals(folder) && !TrySealJournals(folder, branch.AckedThroughFrame, out chunks))
        {
            return false;
        }

        var status = _known.TryGetValue(recordingSid, out var lastAnswer) ? lastAnswer : await central.HeadAsync(target, recordingSid, cancellationToken);
        var reasked = false;
        var index = 0;
        while (index < chunks.Count)
        {
            if (chunks[index].FirstFrame <= status.LastSequence)
            {
                // Acknowledged before (the far side applied it; this side stopped before deleting).
                var known = chunks[index++];
                acknowledged.Add(new Acknowledged(recordingSid, known.LastFrame, [known]));
                continue;
            }

            var (batch, payload) = await NextBatchAsync(chunks, index, recordingSid, cancellationToken);
            if (batch.Count == 0)
            {
                payload.Dispose();
                continue;
            }

            try
            {
                // The batch's sequence is its last chunk's: every chunk in it is at or below it, so a replay of any is recognised.
                status = await central.AppendAsync(target, recordingSid, status.Offset, batch[^1].FirstFrame, payload,
                    Convert.ToBase64String(SHA256.HashData(payload.Memory.Span)), chunks.Count - index - batch.Count, cancellationToken);
            }
            catch (ApiException conflict) when (conflict.Status == StatusCodes.Status409Conflict && !reasked)
            {
                // Our idea of the offset was stale: ask again and resume from what the far side holds.
                reasked = true;
                status = await central.HeadAsync(target, recordingSid, cancellationToken);
                continue;
            }

            reasked = false;
            _known[recordingSid] = status;
            acknowledged.Add(new Acknowledged(recordingSid, batch.Max(c => c.LastFrame), batch));
            index += batch.Count;
        }

        if (settled && chunks.Count == 0)
        {
            await central.CompleteAsync(target, recordingSid, status.Offset, cancellationToken);
            _known.TryRemove(recordingSid, out _);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A chunk of the branch could not be written while it streamed: from it on, its frames are in
    /// its journals. Every chunk written before is acknowledged (none is left), and recorded so
    /// before this pass began, so the frames past the acknowledged ones are exactly those. False
    /// (tried again next pass) while the disk still refuses; other branches go on.
    /// </summary>
    private bool TrySealJournals(string folder, long ackedThroughFrame, out List<ChunkFile> chunks)
    {
        try
        {
            BranchWriter.Recover(folder, ackedThroughFrame);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            log.LogError(failure, "The journals of {Folder} could not be sealed; trying again", folder);
            chunks = [];
            return false;
        }

        chunks = ChunkFile.InFolder(folder);
        ledger.Added(folder, chunks.Count);
        return true;
    }

    /// <summary>One transaction for the pass (acknowledged frames, completed or expired branches), then the acknowledged chunks go.</summary>
    private async Task RecordAsync(List<Acknowledged> acknowledged, List<string> completed, List<string> expired, CancellationToken cancellationToken)
    {
        if (acknowledged.Count == 0 && completed.Count == 0 && expired.Count == 0)
        {
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
            var sids = acknowledged.Select(a => a.RecordingSid).Concat(completed).Concat(expired).Distinct(StringComparer.Ordinal).ToList();
            var now = DateTime.UtcNow;
            foreach (var branch in await db.Branches.Where(b => sids.Contains(b.RecordingSid)).ToListAsync(cancellationToken))
            {
                branch.AckedThroughFrame = acknowledged.Where(a => a.RecordingSid == branch.RecordingSid).Select(a => a.Frame).Append(branch.AckedThroughFrame).Max();
                branch.Completed |= completed.Contains(branch.RecordingSid) || expired.Contains(branch.RecordingSid);
                branch.DateUpdated = now;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var group in acknowledged.GroupBy(a => a.RecordingSid, StringComparer.Ordinal))
        {
            var folder = runtime.BranchFolder(group.Key);
            var gone = group.SelectMany(a => a.Chunks).ToList();
            foreach (var chunk in gone)
            {
                File.Delete(chunk.Path);
            }

            ledger.Removed(folder, gone.Count);
        }

        foreach (var sid in completed)
        {
            ledger.Forget(runtime.BranchFolder(sid));
            RemoveFolder(runtime.BranchFolder(sid));
        }
    }

    /// <summary>
    /// Consecutive chunks from <paramref name="index"/>, up to <see cref="BatchBytes"/>, read straight
    /// into one pooled buffer of their size (a batch is sent every few seconds per stream: fresh arrays
    /// were most of what the recording host allocated). A chunk failing its checksum on disk is set
    /// aside and the batch made again.
    /// </summary>
    private async Task<(List<ChunkFile> Batch, RentedBytes Payload)> NextBatchAsync(List<ChunkFile> chunks, int index, string recordingSid, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new List<ChunkFile>();
            var lengths = new List<int>();
            var total = 0;
            while (index + batch.Count < chunks.Count)
            {
                var chunk = chunks[index + batch.Count];
                var length = chunk.LengthOnDisk();
                if (batch.Count > 0 && total + length > BatchBytes)
                {
                    break;
                }

                batch.Add(chunk);
                lengths.Add(length);
                total += length;
            }

            var payload = new RentedBytes(total);
            var at = 0;
            ChunkFile? corrupt = null;
            try
            {
                for (var i = 0; i < batch.Count && corrupt is null; at += lengths[i++])
                {
                    if (!await batch[i].ReadVerifiedAsync(payload.Memory.Slice(at, lengths[i]), cancellationToken))
                    {
                        corrupt = batch[i];
                    }
                }
            }
            catch
            {
                payload.Dispose();
                throw;
            }

            if (corrupt is null)
            {
                return (batch, payload);
            }

            payload.Dispose();
            log.LogError("Chunk {Chunk} of {Recording} fails its checksum on disk; kept aside", corrupt.Path, recordingSid);
            File.Move(corrupt.Path, corrupt.Path + ChunkFile.DamagedSuffix, overwrite: true);
            ledger.Removed(runtime.BranchFolder(recordingSid), 1);
            chunks.Remove(corrupt);
        }
    }

    /// <summary>A complete branch's folder goes, unless it holds damaged chunks set aside: those stay for an operator.</summary>
    private void RemoveFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*" + ChunkFile.DamagedSuffix).Any())
            {
                log.LogWarning("Recording buffer {Folder} is kept: it holds chunks that failed their checksum", folder);
                return;
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Emptied already; a leftover folder is harmless.
        }
    }
}
