using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Central;

/// <summary>Where an upload stands: the tus offset, the last sequence applied, the final length once declared.</summary>
internal sealed record UploadStatus(long Offset, long LastSequence, long? Length);

/// <summary>
/// This region's central media service: keeps recordings of its accounts, fed by the media
/// regions' tunnels with tus-1.0-like appends. An append names the offset it expects (a wrong
/// one is a 409 carrying the right one), carries a SHA-256 of its bytes, and a sequence: a
/// sequence at or below the last applied one is acknowledged without appending, so a retried
/// or replayed chunk is never written twice.
/// </summary>
internal sealed class CentralMediaService(RegionsDb db, DataFolder data, TimeProvider clock)
{
    public const int ChecksumMismatchStatus = 460;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Appending = new(StringComparer.Ordinal);

    public string ContentPath(string recordingSid) => Path.Combine(data.Folder("recordings"), recordingSid + ".ulaw");

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
        return new UploadStatus(recording.Offset, recording.LastSequence, recording.Length);
    }

    public async Task<UploadStatus> AppendAsync(string recordingSid, long offset, long sequence, ReadOnlyMemory<byte> bytes, string checksum, int backlog, CancellationToken cancellationToken)
    {
        var gate = Appending.GetOrAdd(recordingSid, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var recording = await db.Recordings.SingleOrDefaultAsync(r => r.Sid == recordingSid, cancellationToken)
                ?? throw ApiException.NotFound("Upload", recordingSid);
            if (sequence <= recording.LastSequence)
            {
                return new UploadStatus(recording.Offset, recording.LastSequence, recording.Length);
            }

            if (recording.Length is not null)
            {
                throw ApiException.Conflict($"The upload is complete at {recording.Length} bytes.", "Upload-Offset");
            }

            if (offset != recording.Offset)
            {
                throw ApiException.Conflict($"Upload-Offset is {offset} but the upload is at {recording.Offset}.", "Upload-Offset");
            }

            if (!string.Equals(checksum, Convert.ToBase64String(SHA256.HashData(bytes.Span)), StringComparison.Ordinal))
            {
                throw new ApiException(ChecksumMismatchStatus, ErrorCodes.InvalidParameter, "Upload-Checksum does not match the bytes received.", "Upload-Checksum");
            }

            // A crash between the write and the commit leaves bytes past the recorded offset:
            // cut them before appending, so the file always ends where the database says.
            await using (var file = new FileStream(ContentPath(recordingSid), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read))
            {
                file.SetLength(recording.Offset);
                file.Seek(0, SeekOrigin.End);
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            recording.Offset += bytes.Length;
            recording.LastSequence = sequence;
            recording.Backlog = backlog;
            recording.LastAppend = recording.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return new UploadStatus(recording.Offset, recording.LastSequence, recording.Length);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Declares the final length (tus' deferred <c>Upload-Length</c>); it must equal the offset.</summary>
    public async Task<UploadStatus> CompleteAsync(string recordingSid, long length, CancellationToken cancellationToken)
    {
        var recording = await db.Recordings.SingleOrDefaultAsync(r => r.Sid == recordingSid, cancellationToken)
            ?? throw ApiException.NotFound("Upload", recordingSid);
        if (recording.Length is { } known && known != length)
        {
            throw ApiException.Conflict($"The upload was completed at {known} bytes.", "Upload-Length");
        }

        if (length != recording.Offset)
        {
            throw ApiException.Conflict($"Upload-Length is {length} but the upload is at {recording.Offset}.", "Upload-Length");
        }

        recording.Length = length;
        recording.Backlog = 0;
        recording.DateUpdated = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return new UploadStatus(recording.Offset, recording.LastSequence, recording.Length);
    }
}
