using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class UpdateTaskQueue
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string TaskQueueSid,
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
            RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
            RuleFor(c => c.TargetWorkers).Expression();
            RuleFor(c => c.MaxReservedWorkers).MaxReservedWorkers();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, TaskQueueResource>
    {
        public async ValueTask<TaskQueueResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var queue = await db.TaskQueues.WithActivities().SingleAsync(scope, command.TaskQueueSid, "TaskQueue", cancellationToken);
            if (command.FriendlyName is not null && command.FriendlyName != queue.FriendlyName)
            {
                await TaskQueueRules.EnsureNameFreeAsync(db, scope, command.FriendlyName, cancellationToken);
                queue.FriendlyName = command.FriendlyName;
            }

            if (command.ReservationActivitySid is not null)
            {
                queue.ReservationActivity = await db.Activities.ReferencedAsync(scope, command.ReservationActivitySid, "ReservationActivitySid", cancellationToken);
            }

            if (command.AssignmentActivitySid is not null)
            {
                queue.AssignmentActivity = await db.Activities.ReferencedAsync(scope, command.AssignmentActivitySid, "AssignmentActivitySid", cancellationToken);
            }

            queue.TargetWorkers = command.TargetWorkers ?? queue.TargetWorkers;
            queue.MaxReservedWorkers = command.MaxReservedWorkers ?? queue.MaxReservedWorkers;
            queue.TaskOrder = command.TaskOrder ?? queue.TaskOrder;
            queue.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveUniqueAsync("FriendlyName", TaskQueueRules.Duplicate(command.FriendlyName), cancellationToken);
            engine.For(queue.WorkspaceSid).UpsertQueue(RoutingModel.Queue(queue, clock));
            return TaskQueueResource.From(queue, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapPost("/{TaskQueueSid}", async Task<Ok<TaskQueueResource>> (
            string workspaceSid,
            string taskQueueSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "TargetWorkers")] string? targetWorkers,
            [FromForm(Name = "MaxReservedWorkers")] string? maxReservedWorkers,
            [FromForm(Name = "TaskOrder")] string? taskOrder,
            [FromForm(Name = "ReservationActivitySid")] string? reservationActivitySid,
            [FromForm(Name = "AssignmentActivitySid")] string? assignmentActivitySid,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(
                    new(http.User.AccountSidOf(), workspaceSid),
                    taskQueueSid,
                    friendlyName,
                    targetWorkers,
                    FormValues.Int(maxReservedWorkers, "MaxReservedWorkers"),
                    FormValues.Enum<QueueOrder>(taskOrder, "TaskOrder"),
                    reservationActivitySid,
                    assignmentActivitySid),
                http.RequestAborted)))
        .WithName("UpdateTaskQueue")
        .WithSummary("Update a task queue")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
