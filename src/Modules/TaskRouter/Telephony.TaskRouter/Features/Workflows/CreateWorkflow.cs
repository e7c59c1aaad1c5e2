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

namespace Telephony.TaskRouter.Features.Workflows;

internal static class CreateWorkflow
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string? FriendlyName,
        string? Configuration,
        string? AssignmentCallbackUrl,
        string? FallbackAssignmentCallbackUrl,
        int? TaskReservationTimeout) : ICommand<WorkflowResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
            RuleFor(c => c.Configuration).NotEmpty().ConfigurationSize();
            RuleFor(c => c.AssignmentCallbackUrl).HttpUrl();
            RuleFor(c => c.FallbackAssignmentCallbackUrl).HttpUrl();
            RuleFor(c => c.TaskReservationTimeout).TaskReservationTimeout();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, WorkflowResource>
    {
        public async ValueTask<WorkflowResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            await db.Workflows.EnsureBelowLimitAsync(scope, TaskRouterLimits.WorkflowsPerWorkspace, "workflows", cancellationToken);
            await WorkflowConfiguration.ValidateAsync(command.Configuration!, db, scope, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var workflow = new Workflow
            {
                Sid = Sid.New("WW"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                FriendlyName = command.FriendlyName!,
                Configuration = command.Configuration!,
                AssignmentCallbackUrl = string.IsNullOrEmpty(command.AssignmentCallbackUrl) ? null : command.AssignmentCallbackUrl,
                FallbackAssignmentCallbackUrl = string.IsNullOrEmpty(command.FallbackAssignmentCallbackUrl) ? null : command.FallbackAssignmentCallbackUrl,
                TaskReservationTimeout = command.TaskReservationTimeout ?? TaskRouterLimits.DefaultReservationTimeout,
                DateCreated = now,
                DateUpdated = now,
            };
            db.Workflows.Add(workflow);
            await db.SaveChangesAsync(cancellationToken);
            engine.For(workflow.WorkspaceSid).UpsertWorkflow(RoutingModel.Workflow(workflow, clock));
            return WorkflowResource.From(workflow, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder workflows) => workflows
        .MapPost("", async Task<Created<WorkflowResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "Configuration")] string? configuration,
            [FromForm(Name = "AssignmentCallbackUrl")] string? assignmentCallbackUrl,
            [FromForm(Name = "FallbackAssignmentCallbackUrl")] string? fallbackAssignmentCallbackUrl,
            [FromForm(Name = "TaskReservationTimeout")] string? taskReservationTimeout,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                friendlyName,
                configuration,
                assignmentCallbackUrl,
                fallbackAssignmentCallbackUrl,
                FormValues.Int(taskReservationTimeout, "TaskReservationTimeout"));
            var workflow = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(workflow.Url, workflow);
        })
        .WithName("CreateWorkflow")
        .WithSummary("Create a workflow")
        .WithDescription("Configuration is validated whole (shape, expressions, order_by, queues); each error names its JSON path. TaskReservationTimeout is 1..86,400 s (default 120).")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
