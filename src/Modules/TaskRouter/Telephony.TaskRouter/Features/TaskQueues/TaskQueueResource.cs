using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal sealed record TaskQueueResource(
    string AccountSid,
    string? AssignmentActivitySid,
    string? AssignmentActivityName,
    string? DateCreated,
    string? DateUpdated,
    string FriendlyName,
    int MaxReservedWorkers,
    string? ReservationActivitySid,
    string? ReservationActivityName,
    string Sid,
    string TargetWorkers,
    string TaskOrder,
    string Url,
    string WorkspaceSid,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>Maps a queue whose reservation and assignment activities are loaded.</summary>
    public static TaskQueueResource From(TaskQueue queue, ResourceUrls urls)
    {
        var links = new Dictionary<string, string> { ["workspace"] = urls.Workspace(queue.WorkspaceSid) };
        if (queue.AssignmentActivitySid is not null)
        {
            links["assignment_activity"] = urls.In(queue.WorkspaceSid, "Activities", queue.AssignmentActivitySid);
        }

        if (queue.ReservationActivitySid is not null)
        {
            links["reservation_activity"] = urls.In(queue.WorkspaceSid, "Activities", queue.ReservationActivitySid);
        }

        return new(
            queue.AccountSid,
            queue.AssignmentActivitySid,
            queue.AssignmentActivity?.FriendlyName,
            TwilioJson.Iso(queue.DateCreated),
            TwilioJson.Iso(queue.DateUpdated),
            queue.FriendlyName,
            queue.MaxReservedWorkers,
            queue.ReservationActivitySid,
            queue.ReservationActivity?.FriendlyName,
            queue.Sid,
            queue.TargetWorkers,
            WireNames.Of(queue.TaskOrder),
            urls.In(queue.WorkspaceSid, "TaskQueues", queue.Sid),
            queue.WorkspaceSid,
            links);
    }
}
