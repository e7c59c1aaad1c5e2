using Mediator;
using Microsoft.Extensions.Logging;
using Telephony.TaskRouter.Contracts;

namespace Telephony.TaskRouter.Features.Events;

/// <summary>
/// Writes every TaskRouter fact to the log, so that what happened to a task or worker can be traced
/// before an event store exists. The assignment engine subscribes to the same notifications.
/// </summary>
internal sealed partial class LogTaskRouterEvents(ILogger<LogTaskRouterEvents> logger) :
    INotificationHandler<TaskCreated>,
    INotificationHandler<TaskUpdated>,
    INotificationHandler<TaskDeleted>,
    INotificationHandler<WorkerActivityChanged>,
    INotificationHandler<WorkerAttributesChanged>
{
    public ValueTask Handle(TaskCreated notification, CancellationToken cancellationToken)
    {
        TaskCreatedLog(notification.WorkspaceSid, notification.TaskSid);
        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(TaskUpdated notification, CancellationToken cancellationToken)
    {
        TaskUpdatedLog(notification.WorkspaceSid, notification.TaskSid, notification.AssignmentStatus);
        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(TaskDeleted notification, CancellationToken cancellationToken)
    {
        TaskDeletedLog(notification.WorkspaceSid, notification.TaskSid);
        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(WorkerActivityChanged notification, CancellationToken cancellationToken)
    {
        WorkerActivityLog(notification.WorkspaceSid, notification.WorkerSid, notification.ActivitySid, notification.Available);
        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(WorkerAttributesChanged notification, CancellationToken cancellationToken)
    {
        WorkerAttributesLog(notification.WorkspaceSid, notification.WorkerSid);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(LogLevel.Debug, "task.created {WorkspaceSid} {TaskSid}")]
    private partial void TaskCreatedLog(string workspaceSid, string taskSid);

    [LoggerMessage(LogLevel.Debug, "task.updated {WorkspaceSid} {TaskSid} {AssignmentStatus}")]
    private partial void TaskUpdatedLog(string workspaceSid, string taskSid, string assignmentStatus);

    [LoggerMessage(LogLevel.Debug, "task.deleted {WorkspaceSid} {TaskSid}")]
    private partial void TaskDeletedLog(string workspaceSid, string taskSid);

    [LoggerMessage(LogLevel.Debug, "worker.activity.update {WorkspaceSid} {WorkerSid} {ActivitySid} available={Available}")]
    private partial void WorkerActivityLog(string workspaceSid, string workerSid, string activitySid, bool available);

    [LoggerMessage(LogLevel.Debug, "worker.attributes.update {WorkspaceSid} {WorkerSid}")]
    private partial void WorkerAttributesLog(string workspaceSid, string workerSid);
}
