using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
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
    IOptions<RegionsOptions> options,
    ILogger<TunnelUploader> log) : BackgroundService
{
    private const int ParallelBranches = 4;
    private const int ChunksPerAppend = 5;
    private static readonly TimeSpan PassSpacing = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(3);

    /// <summary>Appends carry up to this much (about 32 s of audio): a backlog drains in few round trips.</summary>
    private const int BatchBytes = 256 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var allDrained = true;
            try
            {
                allDrained = await DrainAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is DbUpdateException or IOException)
            {
                log.LogWarning(failure, "Tunnel pass failed; retrying");
                allDrained = false;
            }

            // Held branches are looked at again within a second; a failed link after UploadRetryMs.
            // The short pause coalesces the wake-ups of many streams sealing at once into one pass.
            var wait = allDrained ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(options.Value.UploadRetryMs);
            try
            {
                await Task.Delay(PassSpacing, stoppingToken);
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over every open branch; true when nothing is left waiting on a failed link.</summary>
    public async Task<bool> DrainAllAsync(CancellationToken cancellationToken)
    {
        List<(string Sid, bool Closed)> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            open = (await scope.ServiceProvider.GetRequiredService<RegionsDb>().Branches
                .Where(b => !b.Completed).Select(b => new { b.RecordingSid, b.Closed }).ToListAsync(cancellationToken))
                .Select(b => (b.RecordingSid, b.Closed)).ToList();
        }

        var ready = open.Where(b => IsWorthAnAppend(b.Sid, b.Closed)).Select(b => b.Sid).ToList();
        var drained = true;
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = ParallelBranches, CancellationToken = cancellationToken }, async (sid, token) =>
        {
            try
            {
                await DrainAsync(sid, token);
            }
            catch (PeerUnreachableException unreachable)
            {
                log.LogInformation("Branch {Recording} waits for {Region}: chunks stay buffered", sid, unreachable.Region);
                drained = false;
            }
            catch (ApiException refused)
            {
                log.LogWarning("Branch {Recording} refused by the central media service: {Reason}", sid, refused.Message);
                drained = false;
            }
        });
        return drained;
    }

    /// <summary>
    /// A live branch is sent every few chunks (or when its oldest chunk has waited a few
    /// seconds), not every second: hundreds of streams then cost tens of appends a second,
    /// not hundreds. A closed branch is sent at once.
    /// </summary>
    private bool IsWorthAnAppend(string recordingSid, bool closed)
    {
        var chunks = ChunkFile.InFolder(runtime.BranchFolder(recordingSid));
        return closed
            || chunks.Count >= ChunksPerAppend
            || (chunks.Count > 0 && DateTime.UtcNow - File.GetLastWriteTimeUtc(chunks[0].Path) > MaxHold);
    }

    private async Task DrainAsync(string recordingSid, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
        var branch = await db.Branches.SingleAsync(b => b.RecordingSid == recordingSid, cancellationToken);
        var folder = runtime.BranchFolder(recordingSid);
        var chunks = ChunkFile.InFolder(folder);
        if (chunks.Count == 0 && !branch.Closed)
        {
            return;
        }

        var status = await central.HeadAsync(branch.TargetRegion, recordingSid, cancellationToken);
        var reasked = false;
        var index = 0;
        while (index < chunks.Count)
        {
            if (chunks[index].FirstFrame <= status.LastSequence)
            {
                // Acknowledged before (the far side applied it; this side stopped before deleting).
                await AcknowledgeAsync(db, branch, [chunks[index++]], cancellationToken);
                continue;
            }

            var (batch, payload) = await NextBatchAsync(chunks, index, recordingSid, cancellationToken);
            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                // The batch's sequence is its last chunk's: every chunk in it is at or below it, so a replay of any is recognised.
                status = await central.AppendAsync(branch.TargetRegion, recordingSid, status.Offset, batch[^1].FirstFrame, payload,
                    Convert.ToBase64String(SHA256.HashData(payload)), chunks.Count - index - batch.Count, cancellationToken);
            }
            catch (ApiException conflict) when (conflict.Status == StatusCodes.Status409Conflict && !reasked)
            {
                // Our idea of the offset was stale: ask again and resume from what the far side holds.
                reasked = true;
                status = await central.HeadAsync(branch.TargetRegion, recordingSid, cancellationToken);
                continue;
            }

            reasked = false;
            await AcknowledgeAsync(db, branch, batch, cancellationToken);
            index += batch.Count;
        }

        if (branch.Closed && ChunkFile.InFolder(folder).Count == 0 && !BranchWriter.HasPendingSegments(folder) && !buffers.HasPending(folder))
        {
            await central.CompleteAsync(branch.TargetRegion, recordingSid, status.Offset, cancellationToken);
            branch.Completed = true;
            await db.SaveChangesAsync(cancellationToken);
            TryDeleteFolder(folder);
        }
    }

    /// <summary>Consecutive chunks from <paramref name="index"/>, up to <see cref="BatchBytes"/>; a chunk failing its checksum on disk is set aside.</summary>
    private async Task<(List<ChunkFile> Batch, byte[] Payload)> NextBatchAsync(List<ChunkFile> chunks, int index, string recordingSid, CancellationToken cancellationToken)
    {
        var batch = new List<ChunkFile>();
        using var payload = new MemoryStream();
        while (index + batch.Count < chunks.Count && payload.Length < BatchBytes)
        {
            var chunk = chunks[index + batch.Count];
            var audio = await chunk.ReadVerifiedAsync(cancellationToken);
            if (audio is null)
            {
                log.LogError("Chunk {Chunk} of {Recording} fails its checksum on disk; kept aside", chunk.Path, recordingSid);
                File.Move(chunk.Path, chunk.Path + ".corrupt", overwrite: true);
                chunks.RemoveAt(index + batch.Count);
                continue;
            }

            payload.Write(audio);
            batch.Add(chunk);
        }

        return (batch, payload.ToArray());
    }

    /// <summary>Deletes chunks the far side holds, and remembers the last frame they carried (for replay detection after a restart).</summary>
    private static async Task AcknowledgeAsync(RegionsDb db, TunnelBranch branch, List<ChunkFile> acknowledged, CancellationToken cancellationToken)
    {
        foreach (var chunk in acknowledged)
        {
            File.Delete(chunk.Path);
        }

        branch.AckedThroughFrame = Math.Max(branch.AckedThroughFrame, acknowledged.Max(c => c.LastFrame));
        branch.DateUpdated = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Emptied already; a leftover folder is harmless.
        }
    }
}
