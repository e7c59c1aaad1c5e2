using System.Text.Json;
using Telephony.SharedKernel.Ids;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workspaces;

internal enum TemplateName
{
    None,
    Fifo,
}

/// <summary>
/// What Twilio puts in a new workspace: the Offline, Available and Unavailable activities (Offline
/// is the default and timeout activity) and the five standard task channels; the FIFO template adds
/// a queue that targets every worker and a workflow that sends every task to it.
/// </summary>
internal static class WorkspaceTemplate
{
    private static readonly (string UniqueName, string FriendlyName)[] StandardChannels =
        [("default", "Default"), ("voice", "Voice"), ("chat", "Chat"), ("sms", "SMS"), ("video", "Video")];

    public static void Populate(TaskRouterDb db, Workspace workspace, TemplateName template)
    {
        // One tick apart, so that lists (oldest first) show them in this order.
        var offline = Activity(workspace, "Offline", available: false, order: 0);
        db.Activities.AddRange(offline, Activity(workspace, "Available", available: true, order: 1), Activity(workspace, "Unavailable", available: false, order: 2));
        workspace.DefaultActivitySid = offline.Sid;
        workspace.TimeoutActivitySid = offline.Sid;

        foreach (var (index, (uniqueName, friendlyName)) in StandardChannels.Index())
        {
            db.TaskChannels.Add(new TaskChannel
            {
                Sid = Sid.New("TC"),
                AccountSid = workspace.AccountSid,
                WorkspaceSid = workspace.Sid,
                UniqueName = uniqueName,
                FriendlyName = friendlyName,
                DateCreated = workspace.DateCreated.AddTicks(index),
                DateUpdated = workspace.DateCreated.AddTicks(index),
            });
        }

        if (template == TemplateName.Fifo)
        {
            AddFifoQueueAndWorkflow(db, workspace);
        }
    }

    private static void AddFifoQueueAndWorkflow(TaskRouterDb db, Workspace workspace)
    {
        var queue = new TaskQueue
        {
            Sid = Sid.New("WQ"),
            AccountSid = workspace.AccountSid,
            WorkspaceSid = workspace.Sid,
            FriendlyName = "Sample Queue",
            TargetWorkers = "1==1",
            MaxReservedWorkers = 1,
            TaskOrder = QueueOrder.Fifo,
            DateCreated = workspace.DateCreated,
            DateUpdated = workspace.DateCreated,
        };
        var configuration = new { task_routing = new { filters = Array.Empty<object>(), default_filter = new { queue = queue.Sid } } };
        db.TaskQueues.Add(queue);
        db.Workflows.Add(new Workflow
        {
            Sid = Sid.New("WW"),
            AccountSid = workspace.AccountSid,
            WorkspaceSid = workspace.Sid,
            FriendlyName = "Default Fifo Workflow",
            Configuration = JsonSerializer.Serialize(configuration),
            TaskReservationTimeout = TaskRouterLimits.DefaultReservationTimeout,
            DateCreated = workspace.DateCreated,
            DateUpdated = workspace.DateCreated,
        });
    }

    private static Activity Activity(Workspace workspace, string name, bool available, int order) => new()
    {
        Sid = Sid.New("WA"),
        AccountSid = workspace.AccountSid,
        WorkspaceSid = workspace.Sid,
        FriendlyName = name,
        Available = available,
        DateCreated = workspace.DateCreated.AddTicks(order),
        DateUpdated = workspace.DateCreated.AddTicks(order),
    };
}
