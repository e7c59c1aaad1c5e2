using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

internal sealed record ActivityStatistic(string Sid, string FriendlyName, int Workers);

/// <summary>Real-time figures read from the workspace's live router, written in Twilio's field names.</summary>
internal static class RealtimeFigures
{
    public static WorkspaceRouter RouterOf(RoutingEngine engine, string workspaceSid) =>
        engine.TryGet(workspaceSid, out var router) ? router : throw ApiException.NotFound("Workspace", workspaceSid);

    /// <summary>Every activity of the workspace (oldest first) with how many of the counted workers are in it now.</summary>
    public static async Task<List<ActivityStatistic>> ActivityStatisticsAsync(TaskRouterDb db, WorkspaceScope scope, WorkerFigures workers, CancellationToken cancellationToken) =>
        [.. (await ActivitiesAsync(db, scope, cancellationToken)).Select(a => new ActivityStatistic(a.Sid, a.FriendlyName, workers.ByActivity.GetValueOrDefault(a.Sid)))];

    /// <summary>Every activity of the workspace, oldest first: the order Twilio's per-activity figures are listed in.</summary>
    public static async Task<List<(string Sid, string FriendlyName)>> ActivitiesAsync(TaskRouterDb db, WorkspaceScope scope, CancellationToken cancellationToken) =>
        [.. (await db.Activities.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
            .OrderBy(a => a.DateCreated).ThenBy(a => a.Sid)
            .Select(a => new { a.Sid, a.FriendlyName })
            .ToListAsync(cancellationToken)).Select(a => (a.Sid, a.FriendlyName))];

    public static void WriteTasks(Dictionary<string, object?> fields, TaskFigures tasks)
    {
        fields["longest_task_waiting_age"] = tasks.LongestWaitingAge;
        fields["longest_task_waiting_sid"] = tasks.LongestWaitingSid;
        fields["tasks_by_priority"] = tasks.ByPriority;
        fields["tasks_by_status"] = tasks.ByStatus;
        fields["total_tasks"] = tasks.Total;
    }
}
