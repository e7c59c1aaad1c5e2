using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Features.TaskChannels;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class CreateTask
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string? Attributes,
        string? WorkflowSid,
        int? Priority,
        int? Timeout,
        string? TaskChannel,
        DateTimeOffset? VirtualStartTime = null,
        string? RoutingTarget = null,
        bool? IgnoreCapacity = null) : ICommand<TaskResource>
    {
        /// <summary>The workflow that routes the task: Twilio's <c>RoutingTarget</c> may name it instead of <c>WorkflowSid</c>.</summary>
        public string? Workflow => WorkflowSid ?? RoutingTarget;

        public string WorkflowField => WorkflowSid is null && RoutingTarget is not null ? "RoutingTarget" : "WorkflowSid";
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Attributes).AttributesJson();
            RuleFor(c => c.Priority).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Timeout).InclusiveBetween(1, TaskRouterLimits.MaxTaskTimeout);
            RuleFor(c => c.VirtualStartTime).VirtualStartTime();
            // Routing straight to a worker or a queue would bypass the workflow's rules, timeouts and
            // the worker's capacity; refusing it says so, where ignoring it would route the task elsewhere.
            RuleFor(c => c.RoutingTarget)
                .Must(target => target is null || target.StartsWith("WW", StringComparison.Ordinal))
                .WithMessage("must be a workflow sid here: routing straight to a worker or a task queue is not supported (a workflow target's known_worker_sid routes a task to one worker)")
                .Must((command, target) => target is null || command.WorkflowSid is null || command.WorkflowSid == target)
                .WithMessage("names a different workflow than WorkflowSid");
            // False asks for what every task here gets: the worker's capacity and availability respected.
            RuleFor(c => c.IgnoreCapacity).NotEqual(true).WithMessage("can only be true when RoutingTarget is a worker sid, which is not supported here");
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, TaskResource>
    {
        public async ValueTask<TaskResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            if (!engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router))
            {
                throw ApiException.NotFound("Workspace", scope.WorkspaceSid);
            }

            // The engine holds every active task (and a finished one until the journal has recorded it):
            // counting there costs nothing, where a COUNT over the task rows grows with the backlog.
            if (router.TaskCount >= TaskRouterLimits.TasksPerWorkspace)
            {
                throw Owned.LimitReached($"Workspace {scope.WorkspaceSid} already has the maximum of {TaskRouterLimits.TasksPerWorkspace} active tasks.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var workflow = await WorkflowAsync(router, scope, command.Workflow, command.WorkflowField, cancellationToken);
            var channel = await ChannelAsync(router, scope, command.TaskChannel ?? "default", cancellationToken);
            var task = new WorkTask
            {
                Sid = Sid.New("WT"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                Attributes = command.Attributes ?? "{}",
                AssignmentStatus = AssignmentStatus.Pending,
                Priority = command.Priority ?? 0,
                Timeout = command.Timeout ?? TaskRouterLimits.DefaultTaskTimeout,
                WorkflowSid = workflow.Sid,
                TaskChannelSid = channel.Sid,
                VirtualStartTime = command.VirtualStartTime?.UtcDateTime,
                DateCreated = now,
                DateUpdated = now,
            };
            journal.Stage(task);
            var created = router.CreateTask(new NewRoutingTask(
                task.Sid,
                workflow.Sid,
                task.Attributes,
                task.Priority,
                channel.UniqueName,
                TimeSpan.FromSeconds(task.Timeout),
                command.VirtualStartTime ?? new DateTimeOffset(now, TimeSpan.Zero),
                task.Version,
                ExpiresAt: new DateTimeOffset(now, TimeSpan.Zero).AddSeconds(task.Timeout),
                Details: TaskResource.DetailsOf(task, channel.UniqueName)));
            if (created.Outcome != RoutingOutcome.Done)
            {
                journal.Withdraw(task.Sid);
            }

            created.OrThrow();
            await journal.WaitPersistedAsync(cancellationToken);
            // Not stored only when the workspace was deleted (its router closed) while the task was being created.
            if (!engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out _))
            {
                throw ApiException.NotFound("Workspace", scope.WorkspaceSid);
            }

            await publisher.Publish(new TaskCreated(scope.AccountSid, scope.WorkspaceSid, task.Sid), cancellationToken);
            return TaskResource.Live(created.Task!, created.Task!.Details!, workflow.FriendlyName, urls, clock.GetUtcNow().UtcDateTime);
        }

        /// <summary>
        /// The workflow named, or the workspace's only workflow when none is named (as Twilio allows).
        /// The router knows the workspace's workflows; the database answers only what it does not know
        /// (and so gives the error).
        /// </summary>
        private async Task<(string Sid, string? FriendlyName)> WorkflowAsync(WorkspaceRouter router, WorkspaceScope scope, string? workflowSid, string field, CancellationToken cancellationToken)
        {
            if ((workflowSid ?? router.OnlyWorkflow()) is { } sid && router.WorkflowName(sid) is { } name)
            {
                return (sid, name);
            }

            if (workflowSid is not null)
            {
                var named = await db.Workflows.ReferencedAsync(scope, workflowSid, field, cancellationToken);
                return (named.Sid, named.FriendlyName);
            }

            var workflows = await db.Workflows.InWorkspace(scope.AccountSid, scope.WorkspaceSid).Take(2).ToListAsync(cancellationToken);
            return workflows.Count == 1
                ? (workflows[0].Sid, workflows[0].FriendlyName)
                : throw ApiException.Invalid("WorkflowSid", workflows.Count == 0
                    ? "is required: the workspace has no workflow to route the task"
                    : "is required when the workspace has more than one workflow");
        }

        private async Task<(string Sid, string UniqueName)> ChannelAsync(WorkspaceRouter router, WorkspaceScope scope, string sidOrUniqueName, CancellationToken cancellationToken)
        {
            if (router.FindTaskChannel(sidOrUniqueName) is { } known)
            {
                return known;
            }

            var channel = await TaskChannelResource.ReferencedAsync(db, scope, sidOrUniqueName, cancellationToken);
            return (channel.Sid, channel.UniqueName);
        }
    }

    internal static void Map(IEndpointRouteBuilder tasks) => tasks
        .MapPost("", async Task<Created<TaskResource>> (
            string workspaceSid,
            [FromForm(Name = "Attributes")] string? attributes,
            [FromForm(Name = "WorkflowSid")] string? workflowSid,
            [FromForm(Name = "Priority")] string? priority,
            [FromForm(Name = "Timeout")] string? timeout,
            [FromForm(Name = "TaskChannel")] string? taskChannel,
            [FromForm(Name = "VirtualStartTime")] string? virtualStartTime,
            [FromForm(Name = "RoutingTarget")] string? routingTarget,
            [FromForm(Name = "IgnoreCapacity")] string? ignoreCapacity,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                attributes,
                workflowSid,
                FormValues.Int(priority, "Priority"),
                FormValues.Int(timeout, "Timeout"),
                taskChannel,
                FormValues.Date(virtualStartTime, "VirtualStartTime"),
                routingTarget,
                FormValues.Bool(ignoreCapacity, "IgnoreCapacity"));
            var task = await sender.Send(command, http.RequestAborted);
            http.Response.Headers.ETag = task.ETag;
            return TypedResults.Created(task.Url, task);
        })
        .WithName("CreateTask")
        .WithSummary("Create a task")
        .WithDescription("Attributes is a JSON object of at most 4,096 characters; WorkflowSid may be left out when the workspace has exactly one workflow; Priority is 0..2,147,483,647; Timeout is 1..1,209,600 s (default 86,400); TaskChannel is a sid or unique name (default 'default'); VirtualStartTime (ISO 8601, not in the future, not before 1900) is where the task's queue order and workflow timeouts start, for tasks moved from elsewhere. RoutingTarget may name the workflow instead of WorkflowSid; a worker or task queue sid there (direct routing) and IgnoreCapacity are refused with a 400.")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
