using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Telephony.Regions.Central;
using Telephony.Regions.Data;
using Telephony.SharedKernel.Tenancy;

namespace Telephony.Regions.Features.Recordings;

internal static class FetchRecordingContent
{
    private const int HeaderBytes = 58;

    /// <summary>The audio received so far (acknowledged bytes only) as a mu-law WAV, streamed from disk.</summary>
    internal static void Map(IEndpointRouteBuilder recordings) => recordings
        .MapGet("/{Sid}/Content", async Task<IResult> (string sid, HttpContext http, RegionsDb db, CentralMediaService central) =>
        {
            var recording = await FetchRecording.Owned(db, http.User.AccountSidOf(), sid, http.RequestAborted);
            var length = recording.Offset;
            var path = central.ContentPath(recording.Sid);
            http.Response.ContentLength = HeaderBytes + length;
            return TypedResults.Stream(async body =>
            {
                await body.WriteAsync(WavHeader(length));
                if (length == 0)
                {
                    return;
                }

                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true);
                var buffer = new byte[64 * 1024];
                var left = length;
                while (left > 0)
                {
                    var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
                    if (read == 0)
                    {
                        break;
                    }

                    await body.WriteAsync(buffer.AsMemory(0, read));
                    left -= read;
                }
            }, "audio/wav", $"{recording.Sid}.wav");
        })
        .WithName("FetchRecordingContent")
        .WithSummary("The recording's audio as a WAV (8 kHz mu-law, mono): exactly the bytes the endpoint sent")
        .Produces(StatusCodes.Status200OK, contentType: "audio/wav")
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>RIFF/WAVE with a mu-law fmt chunk (format 7) and the fact chunk non-PCM formats carry.</summary>
    internal static byte[] WavHeader(long dataBytes)
    {
        var header = new byte[HeaderBytes];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(HeaderBytes - 8 + dataBytes));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 18);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 7);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], 8000);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], 0);
        "fact"u8.CopyTo(span[38..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[42..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[46..], (uint)dataBytes);
        "data"u8.CopyTo(span[50..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[54..], (uint)dataBytes);
        return header;
    }
}
