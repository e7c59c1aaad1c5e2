using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workflows;

internal sealed record WorkflowResource(
    string AccountSid,
    string? AssignmentCallbackUrl,
    string Configuration,
    string? DateCreated,
    string? DateUpdated,
    string DocumentContentType,
    string? FallbackAssignmentCallbackUrl,
    string FriendlyName,
    string Sid,
    int TaskReservationTimeout,
    string WorkspaceSid,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    public static WorkflowResource From(Workflow workflow, ResourceUrls urls) => new(
        workflow.AccountSid,
        workflow.AssignmentCallbackUrl,
        workflow.Configuration,
        TwilioJson.Iso(workflow.DateCreated),
        TwilioJson.Iso(workflow.DateUpdated),
        "application/json",
        workflow.FallbackAssignmentCallbackUrl,
        workflow.FriendlyName,
        workflow.Sid,
        workflow.TaskReservationTimeout,
        workflow.WorkspaceSid,
        urls.In(workflow.WorkspaceSid, "Workflows", workflow.Sid),
        new Dictionary<string, string> { ["workspace"] = urls.Workspace(workflow.WorkspaceSid) });
}
