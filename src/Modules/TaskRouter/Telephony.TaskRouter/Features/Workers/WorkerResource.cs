using System.Globalization;
using System.Text.Json.Serialization;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workers;

internal sealed record WorkerResource(
    string AccountSid,
    string ActivityName,
    string ActivitySid,
    string Attributes,
    bool Available,
    string? DateCreated,
    string? DateStatusChanged,
    string? DateUpdated,
    string FriendlyName,
    string Sid,
    string WorkspaceSid,
    string Url,
    IReadOnlyDictionary<string, string> Links,
    [property: JsonIgnore] string ETag)
{
    public static string ETagOf(Worker worker) => $"\"{worker.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Maps a worker whose <see cref="Worker.Activity"/> is loaded.</summary>
    public static WorkerResource From(Worker worker, ResourceUrls urls)
    {
        var url = urls.In(worker.WorkspaceSid, "Workers", worker.Sid);
        return new(
            worker.AccountSid,
            worker.Activity.FriendlyName,
            worker.ActivitySid,
            worker.Attributes,
            worker.Activity.Available,
            TwilioJson.Iso(worker.DateCreated),
            TwilioJson.Iso(worker.DateStatusChanged),
            TwilioJson.Iso(worker.DateUpdated),
            worker.FriendlyName,
            worker.Sid,
            worker.WorkspaceSid,
            url,
            new Dictionary<string, string>
            {
                ["channels"] = $"{url}/Channels",
                ["activity"] = urls.In(worker.WorkspaceSid, "Activities", worker.ActivitySid),
                ["workspace"] = urls.Workspace(worker.WorkspaceSid),
            },
            ETagOf(worker));
    }
}
