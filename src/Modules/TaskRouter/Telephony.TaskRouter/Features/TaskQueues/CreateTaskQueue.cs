using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class CreateTaskQueue
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string? FriendlyName,
        string? TargetWorkers,
        int? MaxReservedWorkers,
        QueueOrder? TaskOrder,
        string? ReservationActivitySid,
        string? AssignmentActivitySid) : ICommand<TaskQueueResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
            RuleFor(c => c.TargetWorkers).Expression();
            RuleFor(c => c.MaxReservedWorkers).MaxReservedWorkers();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, TaskQueueResource>
    {
        public async ValueTask<TaskQueueResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            await db.TaskQueues.EnsureBelowLimitAsync(scope, TaskRouterLimits.QueuesPerWorkspace, "task queues", cancellationToken);
            await TaskQueueRules.EnsureNameFreeAsync(db, scope, command.FriendlyName!, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var queue = new TaskQueue
            {
                Sid = Sid.New("WQ"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                FriendlyName = command.FriendlyName!,
                TargetWorkers = command.TargetWorkers ?? "1==1",
                MaxReservedWorkers = command.MaxReservedWorkers ?? 1,
                TaskOrder = command.TaskOrder ?? QueueOrder.Fifo,
                ReservationActivity = command.ReservationActivitySid is null ? null
                    : await db.Activities.ReferencedAsync(scope, command.ReservationActivitySid, "ReservationActivitySid", cancellationToken),
                AssignmentActivity = command.AssignmentActivitySid is null ? null
                    : await db.Activities.ReferencedAsync(scope, command.AssignmentActivitySid, "AssignmentActivitySid", cancellationToken),
                DateCreated = now,
                DateUpdated = now,
            };
            db.TaskQueues.Add(queue);
            await db.SaveUniqueAsync("FriendlyName", TaskQueueRules.Duplicate(command.FriendlyName), cancellationToken);
            engine.For(queue.WorkspaceSid).UpsertQueue(RoutingModel.Queue(queue, clock));
            return TaskQueueResource.From(queue, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapPost("", async Task<Created<TaskQueueResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "TargetWorkers")] string? targetWorkers,
            [FromForm(Name = "MaxReservedWorkers")] string? maxReservedWorkers,
            [FromForm(Name = "TaskOrder")] string? taskOrder,
            [FromForm(Name = "ReservationActivitySid")] string? reservationActivitySid,
            [FromForm(Name = "AssignmentActivitySid")] string? assignmentActivitySid,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                friendlyName,
                targetWorkers,
                FormValues.Int(maxReservedWorkers, "MaxReservedWorkers"),
                FormValues.Enum<QueueOrder>(taskOrder, "TaskOrder"),
                reservationActivitySid,
                assignmentActivitySid);
            var queue = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(queue.Url, queue);
        })
        .WithName("CreateTaskQueue")
        .WithSummary("Create a task queue")
        .WithDescription("TargetWorkers (default 1==1) is an expression over worker attributes; MaxReservedWorkers is 1..50 (default 1); TaskOrder is FIFO or LIFO.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
