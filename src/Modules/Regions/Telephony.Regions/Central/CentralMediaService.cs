using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Central;

/// <summary>Where an upload stands: the tus offset, the last sequence applied, the final length once declared.</summary>
internal sealed record UploadStatus(long Offset, long LastSequence, long? Length, bool Expired = false);

/// <summary>
/// This region's central media service: keeps recordings of its accounts, fed by the media
/// regions' tunnels with tus-1.0-like appends. An append names the offset it expects (a wrong
/// one is a 409 carrying the right one), carries a SHA-256 of its bytes, and a sequence: a
/// sequence at or below the last applied one is acknowledged without appending, so a retried
/// or replayed chunk is never written twice. Appends are applied by the <see cref="UploadCommitter"/>,
/// many to one disk flush and one transaction.
/// </summary>
internal sealed class CentralMediaService(RegionsDb db, UploadCommitter committer, TimeProvider clock)
{
    public const int ChecksumMismatchStatus = 460;

    public string ContentPath(string recordingSid) => committer.ContentPath(recordingSid);

    public async Task<Recording> CreateAsync(string accountSid, string sessionSid, string sourceRegion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recording = new Recording
        {
            Sid = Sid.New("RE"),
            AccountSid = accountSid,
            SessionSid = sessionSid,
            SourceRegion = sourceRegion,
            DateCreated = now,
            DateUpdated = now,
        };
        db.Recordings.Add(recording);
        await db.SaveChangesAsync(cancellationToken);
        return recording;
    }

    public async Task<UploadStatus> HeadAsync(string recordingSid, CancellationToken cancellationToken)
    {
        var recording = await db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Sid == recordingSid, cancellationToken)
            ?? throw ApiException.NotFound("Upload", recordingSid);
        UploadCommitter.RefuseIfExpired(recording);
        return new UploadStatus(recording.Offset, recording.LastSequence, recording.Length);
    }

    /// <summary>
    /// Queued for the next group commit; completes once the bytes and the new offset are on disk.
    /// Takes <paramref name="payload"/>: the committer returns it once it has written it (the caller
    /// may stop waiting before that).
    /// </summary>
    public Task<UploadStatus> AppendAsync(string recordingSid, long offset, long sequence, RentedBytes payload, string checksum, int backlog, CancellationToken cancellationToken)
    {
        // The hash is worked out here, on the caller's thread, so the commit thread only writes.
        var matches = string.Equals(checksum, Convert.ToBase64String(SHA256.HashData(payload.Memory.Span)), StringComparison.Ordinal);
        return committer.SubmitAsync(new AppendWork(recordingSid, offset, sequence, payload, matches, backlog), cancellationToken);
    }

    /// <summary>Declares the final length (tus' deferred <c>Upload-Length</c>); it must equal the offset.</summary>
    public Task<UploadStatus> CompleteAsync(string recordingSid, long length, CancellationToken cancellationToken) =>
        committer.SubmitAsync(new CompleteWork(recordingSid, length), cancellationToken);
}
