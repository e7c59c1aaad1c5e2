using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Tasks;

internal sealed record TaskResource(
    string AccountSid,
    long Age,
    string AssignmentStatus,
    string Attributes,
    string Addons,
    string? DateCreated,
    string? DateUpdated,
    string? TaskQueueEnteredDate,
    int Priority,
    string? Reason,
    string Sid,
    string? TaskQueueSid,
    string? TaskQueueFriendlyName,
    string? TaskChannelSid,
    string? TaskChannelUniqueName,
    int Timeout,
    string? WorkflowSid,
    string? WorkflowFriendlyName,
    string WorkspaceSid,
    string Url,
    IReadOnlyDictionary<string, string> Links,
    string? VirtualStartTime,
    bool IgnoreCapacity,
    string? RoutingTarget,
    [property: JsonIgnore] string ETag)
{
    /// <summary>Maps a task whose workflow, queue and channel are loaded.</summary>
    public static TaskResource From(WorkTask task, ResourceUrls urls, DateTime now) =>
        Build(task, task.Workflow?.FriendlyName, task.TaskQueue?.FriendlyName, task.TaskChannel?.UniqueName, urls, now);

    /// <summary>
    /// A live task from the engine alone: what it is now (or after a command), as the journal records
    /// it; a request that changed it answers once it has waited for that record.
    /// </summary>
    public static TaskResource Live(TaskSnapshot state, TaskDetails details, string? workflowName, ResourceUrls urls, DateTime now) =>
        Build(JournalBatch.Recorded(state, details), workflowName, state.TaskQueueName, details.TaskChannelUniqueName, urls, now);

    public static TaskDetails DetailsOf(WorkTask row, string? channelUniqueName) =>
        new(row.AccountSid, row.WorkspaceSid, row.TaskChannelSid, channelUniqueName, row.Timeout, row.DateCreated, row.VirtualStartTime);

    private static TaskResource Build(WorkTask task, string? workflowName, string? queueName, string? channelName, ResourceUrls urls, DateTime now)
    {
        var url = urls.In(task.WorkspaceSid, "Tasks", task.Sid);
        var links = new Dictionary<string, string>
        {
            ["workspace"] = urls.Workspace(task.WorkspaceSid),
            ["reservations"] = $"{url}/Reservations",
        };
        if (task.WorkflowSid is not null)
        {
            links["workflow"] = urls.In(task.WorkspaceSid, "Workflows", task.WorkflowSid);
        }

        if (task.TaskQueueSid is not null)
        {
            links["task_queue"] = urls.In(task.WorkspaceSid, "TaskQueues", task.TaskQueueSid);
        }

        return new(
            task.AccountSid,
            Math.Max(0, (long)(now - task.DateCreated).TotalSeconds),
            WireNames.Of(task.AssignmentStatus),
            task.Attributes,
            "{}",
            TwilioJson.Iso(task.DateCreated),
            TwilioJson.Iso(task.DateUpdated),
            TwilioJson.Iso(task.TaskQueueEnteredDate),
            task.Priority,
            task.Reason,
            task.Sid,
            task.TaskQueueSid,
            queueName,
            task.TaskChannelSid,
            channelName,
            task.Timeout,
            task.WorkflowSid,
            workflowName,
            task.WorkspaceSid,
            url,
            links,
            TwilioJson.Iso(task.VirtualStartTime ?? task.DateCreated),
            IgnoreCapacity: false,
            RoutingTarget: null,
            ETagOf(task));
    }

    /// <summary>A strong entity tag: the task's version, which grows on every change.</summary>
    public static string ETagOf(WorkTask task) => $"\"{task.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The task as recorded now (after the engine's changes are written), with its references.</summary>
    /// <returns>Null when the task is not stored (its workspace was deleted meanwhile).</returns>
    public static async Task<TaskResource?> ReadAsync(TaskRouterDb db, string taskSid, ResourceUrls urls, TimeProvider clock, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var task = await WithReferences(db.Tasks.AsNoTracking()).SingleOrDefaultAsync(t => t.Sid == taskSid, cancellationToken);
        return task is null ? null : From(task, urls, clock.GetUtcNow().UtcDateTime);
    }

    public static IQueryable<WorkTask> WithReferences(IQueryable<WorkTask> tasks) =>
        tasks.Include(t => t.Workflow).Include(t => t.TaskQueue).Include(t => t.TaskChannel);
}
