using Telephony.Regions.Data;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features.Recordings;

/// <summary>A recording of the central media service as <c>/v1/Recordings</c> writes it.</summary>
internal sealed record RecordingResource(
    string Sid,
    string AccountSid,
    string SessionSid,
    string Status,
    double Duration,
    long Bytes,
    string Region,
    string SourceRegion,
    string MediaFormat,
    string? DateCreated,
    string? DateUpdated,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>No append for this long while the branch is open means media is waiting in the media region.</summary>
    public static readonly TimeSpan Stalled = TimeSpan.FromSeconds(5);

    public static RecordingResource From(Recording recording, string region, DateTime now) => new(
        recording.Sid,
        recording.AccountSid,
        recording.SessionSid,
        StatusOf(recording, now),
        recording.Offset / 8000.0,
        recording.Offset,
        region,
        recording.SourceRegion,
        "audio/x-mulaw;rate=8000;channels=1",
        TwilioJson.Iso(recording.DateCreated),
        TwilioJson.Iso(recording.DateUpdated),
        $"/v1/Recordings/{recording.Sid}",
        new Dictionary<string, string> { ["content"] = $"/v1/Recordings/{recording.Sid}/Content" });

    private static string StatusOf(Recording recording, DateTime now) =>
        recording.Length is { } length && recording.Offset >= length ? "completed"
        : recording.DateExpired is not null ? "expired"
        : recording.Backlog > 0 || (recording.LastAppend is { } last && now - last > Stalled) ? "buffering"
        : "in-progress";
}
