using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.TaskChannels;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class UpdateTask
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string TaskSid,
        string? IfMatch,
        string? Attributes,
        int? Priority,
        AssignmentStatus? AssignmentStatus,
        string? Reason,
        string? TaskChannel,
        DateTimeOffset? VirtualStartTime = null) : ICommand<TaskResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Attributes).AttributesJson();
            RuleFor(c => c.Priority).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Reason).MaximumLength(TaskRouterLimits.ReasonLength);
            RuleFor(c => c.VirtualStartTime).VirtualStartTime();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, TaskResource>
    {
        public async ValueTask<TaskResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            // A live task is the engine's to describe; only a finished (or unknown) one needs the database.
            var live = engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router) ? router.GetTask(command.TaskSid) : null;
            var task = live is { Details: { } details }
                ? JournalBatch.Recorded(live, details)
                : await TaskResource.WithReferences(db.Tasks.AsNoTracking()).SingleAsync(scope, command.TaskSid, "Task", cancellationToken);
            IfMatch.Check(command.IfMatch, task);
            if (!TaskStates.Active.Contains(task.AssignmentStatus))
            {
                throw ApiException.Conflict($"Task {task.Sid} is {WireNames.Of(task.AssignmentStatus)}; a finished task cannot change.", "AssignmentStatus");
            }

            var status = command.AssignmentStatus is { } wanted && wanted != task.AssignmentStatus ? wanted : (AssignmentStatus?)null;
            if (status is { } move && !TaskStates.CanMove(task.AssignmentStatus, move))
            {
                throw ApiException.Conflict(
                    $"Task {task.Sid} is {WireNames.Of(task.AssignmentStatus)}; it can move to {TaskStates.AllowedFrom(task.AssignmentStatus)}, not {WireNames.Of(move)}.",
                    "AssignmentStatus");
            }

            if (command.TaskChannel is not null)
            {
                // Not a routing field (the engine routes on the channel the task was created with), so no version check against the journal.
                var channel = await TaskChannelResource.ReferencedAsync(db, scope, command.TaskChannel, cancellationToken);
                var rechanneledAt = clock.GetUtcNow();
                await db.Tasks.Where(t => t.Sid == task.Sid)
                    .ExecuteUpdateAsync(set => set.SetProperty(t => t.TaskChannelSid, channel.Sid).SetProperty(t => t.DateUpdated, rechanneledAt.UtcDateTime), cancellationToken);
                if (live is not null)
                {
                    router.SetTaskChannel(task.Sid, channel.Sid, channel.UniqueName, rechanneledAt);
                }
            }

            // The engine owns the task's routing state and checks If-Match under the workspace lock,
            // so two racing updates cannot both pass; the journal then records the result.
            var expected = IfMatch.Version(command.IfMatch);
            var changed = command.Attributes is not null || command.Priority is not null || command.VirtualStartTime is not null
                ? router.UpdateTask(task.Sid, command.Attributes, command.Priority, expected, command.VirtualStartTime).OrThrow("AssignmentStatus")
                : null;
            if (changed is not null)
            {
                expected = null;
            }

            var moved = status switch
            {
                AssignmentStatus.Canceled => router.CancelTask(task.Sid, command.Reason, expected),
                AssignmentStatus.Wrapping => router.WrapUpTask(task.Sid, command.Reason, expected),
                AssignmentStatus.Completed => router.CompleteTask(task.Sid, command.Reason, expected),
                _ => null,
            };
            moved?.OrThrow("AssignmentStatus");
            await journal.WaitPersistedAsync(cancellationToken);
            // A new channel is written beside the engine's state: read that one back.
            var updated = command.TaskChannel is null && (moved ?? changed)?.Task is { Details: { } kept } after
                ? TaskResource.Live(after, kept, router.WorkflowName(after.WorkflowSid), urls, clock.GetUtcNow().UtcDateTime)
                : await TaskResource.ReadAsync(db, task.Sid, urls, clock, cancellationToken) ?? throw ApiException.NotFound("Task", task.Sid);
            await publisher.Publish(new TaskUpdated(scope.AccountSid, scope.WorkspaceSid, task.Sid, updated.AssignmentStatus), cancellationToken);
            return updated;
        }
    }

    internal static void Map(IEndpointRouteBuilder tasks) => tasks
        .MapPost("/{TaskSid}", async Task<Ok<TaskResource>> (
            string workspaceSid,
            string taskSid,
            [FromHeader(Name = "If-Match")] string? ifMatch,
            [FromForm(Name = "Attributes")] string? attributes,
            [FromForm(Name = "Priority")] string? priority,
            [FromForm(Name = "AssignmentStatus")] string? assignmentStatus,
            [FromForm(Name = "Reason")] string? reason,
            [FromForm(Name = "TaskChannel")] string? taskChannel,
            [FromForm(Name = "VirtualStartTime")] string? virtualStartTime,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                taskSid,
                ifMatch,
                attributes,
                FormValues.Int(priority, "Priority"),
                FormValues.Enum<AssignmentStatus>(assignmentStatus, "AssignmentStatus"),
                reason,
                taskChannel,
                FormValues.Date(virtualStartTime, "VirtualStartTime"));
            var task = await sender.Send(command, http.RequestAborted);
            http.Response.Headers.ETag = task.ETag;
            return TypedResults.Ok(task);
        })
        .WithName("UpdateTask")
        .WithSummary("Update a task's attributes, priority or virtual start time, or cancel, wrap up or complete it")
        .WithDescription("VirtualStartTime (ISO 8601, not in the future, not before 1900) moves where the task's age, queue order and workflow timeouts count from; a pending task is routed again at once. AssignmentStatus moves: pending or reserved to canceled; assigned to wrapping or completed; wrapping to completed. Any other move is a 409 naming the current state. With If-Match, the change applies only to that ETag (412 otherwise).")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
