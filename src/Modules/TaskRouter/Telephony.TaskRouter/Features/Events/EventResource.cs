using System.Text.Json;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Events;

/// <summary>
/// Twilio's Event resource. The actor fields stay null: the journal records what changed, not which
/// API caller or internal timer caused it (docs/taskrouter-events.md).
/// </summary>
internal sealed record EventResource(
    string AccountSid,
    string? ActorSid,
    string? ActorType,
    string? ActorUrl,
    string? Description,
    JsonElement EventData,
    string? EventDate,
    long EventDateMs,
    string EventType,
    string ResourceSid,
    string ResourceType,
    string? ResourceUrl,
    string Sid,
    string Source,
    string? SourceIpAddress,
    string Url,
    string WorkspaceSid,
    IReadOnlyDictionary<string, string> Links)
{
    public static EventResource From(EventRecord record, ResourceUrls urls) => new(
        record.AccountSid,
        null,
        null,
        null,
        record.Description,
        ParseData(record.EventData),
        TwilioJson.Iso(record.EventDate),
        new DateTimeOffset(DateTime.SpecifyKind(record.EventDate, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        record.EventType,
        record.ResourceSid,
        record.ResourceType,
        UrlOf(record, urls),
        record.Sid,
        "twilio",
        null,
        urls.In(record.WorkspaceSid, "Events", record.Sid),
        record.WorkspaceSid,
        new Dictionary<string, string> { ["workspace"] = urls.Workspace(record.WorkspaceSid) });

    private static JsonElement ParseData(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? UrlOf(EventRecord record, ResourceUrls urls) => record.ResourceType switch
    {
        "task" => urls.In(record.WorkspaceSid, "Tasks", record.ResourceSid),
        "worker" => urls.In(record.WorkspaceSid, "Workers", record.ResourceSid),
        "reservation" when record.TaskSid is { } taskSid => $"{urls.In(record.WorkspaceSid, "Tasks", taskSid)}/Reservations/{record.ResourceSid}",
        "taskqueue" => urls.In(record.WorkspaceSid, "TaskQueues", record.ResourceSid),
        "workflow" => urls.In(record.WorkspaceSid, "Workflows", record.ResourceSid),
        "workspace" => urls.Workspace(record.WorkspaceSid),
        _ => null,
    };
}
