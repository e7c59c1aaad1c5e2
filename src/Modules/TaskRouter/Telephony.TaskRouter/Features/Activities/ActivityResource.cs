using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Activities;

internal sealed record ActivityResource(
    string AccountSid,
    bool Available,
    string? DateCreated,
    string? DateUpdated,
    string FriendlyName,
    string Sid,
    string WorkspaceSid,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    public static ActivityResource From(Activity activity, ResourceUrls urls) => new(
        activity.AccountSid,
        activity.Available,
        TwilioJson.Iso(activity.DateCreated),
        TwilioJson.Iso(activity.DateUpdated),
        activity.FriendlyName,
        activity.Sid,
        activity.WorkspaceSid,
        urls.In(activity.WorkspaceSid, "Activities", activity.Sid),
        new Dictionary<string, string> { ["workspace"] = urls.Workspace(activity.WorkspaceSid) });
}
