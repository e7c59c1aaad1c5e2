using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;
using Telephony.TaskRouter.Routing.Callbacks;

namespace Telephony.TaskRouter.Features.Workflows;

internal static class UpdateWorkflow
{
    internal sealed record Command(
        WorkspaceScope Scope,
        string WorkflowSid,
        string? FriendlyName,
        string? Configuration,
        string? AssignmentCallbackUrl,
        string? FallbackAssignmentCallbackUrl,
        int? TaskReservationTimeout,
        bool ReEvaluateTasks = false) : ICommand<WorkflowResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
            RuleFor(c => c.Configuration).NotEmpty().When(c => c.Configuration is not null).ConfigurationSize();
            RuleFor(c => c.AssignmentCallbackUrl).HttpUrl();
            RuleFor(c => c.FallbackAssignmentCallbackUrl).HttpUrl();
            RuleFor(c => c.TaskReservationTimeout).TaskReservationTimeout();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine, RoutingJournal journal, WorkflowCallbackUrls callbackUrls) : ICommandHandler<Command, WorkflowResource>
    {
        public async ValueTask<WorkflowResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var workflow = await db.Workflows.SingleAsync(command.Scope, command.WorkflowSid, "Workflow", cancellationToken);
            if (command.Configuration is not null)
            {
                await WorkflowConfiguration.ValidateAsync(command.Configuration, db, command.Scope, cancellationToken);
                workflow.Configuration = command.Configuration;
            }

            workflow.FriendlyName = command.FriendlyName ?? workflow.FriendlyName;
            workflow.AssignmentCallbackUrl = command.AssignmentCallbackUrl is null ? workflow.AssignmentCallbackUrl : EmptyAsNull(command.AssignmentCallbackUrl);
            workflow.FallbackAssignmentCallbackUrl = command.FallbackAssignmentCallbackUrl is null
                ? workflow.FallbackAssignmentCallbackUrl
                : EmptyAsNull(command.FallbackAssignmentCallbackUrl);
            workflow.TaskReservationTimeout = command.TaskReservationTimeout ?? workflow.TaskReservationTimeout;
            workflow.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            callbackUrls.Forget(workflow.Sid);
            var router = engine.For(workflow.WorkspaceSid);
            router.UpsertWorkflow(RoutingModel.Workflow(workflow, clock));
            if (command.ReEvaluateTasks)
            {
                router.ReevaluateTasks(workflow.Sid);
                await journal.WaitPersistedAsync(cancellationToken);
            }

            return WorkflowResource.From(workflow, urls);
        }

        private static string? EmptyAsNull(string value) => value.Length == 0 ? null : value;
    }

    internal static void Map(IEndpointRouteBuilder workflows) => workflows
        .MapPost("/{WorkflowSid}", async Task<Ok<WorkflowResource>> (
            string workspaceSid,
            string workflowSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "Configuration")] string? configuration,
            [FromForm(Name = "AssignmentCallbackUrl")] string? assignmentCallbackUrl,
            [FromForm(Name = "FallbackAssignmentCallbackUrl")] string? fallbackAssignmentCallbackUrl,
            [FromForm(Name = "TaskReservationTimeout")] string? taskReservationTimeout,
            [FromForm(Name = "ReEvaluateTasks")] string? reEvaluateTasks,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(
                    new(http.User.AccountSidOf(), workspaceSid),
                    workflowSid,
                    friendlyName,
                    configuration,
                    assignmentCallbackUrl,
                    fallbackAssignmentCallbackUrl,
                    FormValues.Int(taskReservationTimeout, "TaskReservationTimeout"),
                    FormValues.Bool(reEvaluateTasks, "ReEvaluateTasks") ?? false),
                http.RequestAborted)))
        .WithName("UpdateWorkflow")
        .WithSummary("Update a workflow")
        .WithDescription("A new Configuration applies to tasks evaluated from now on; with ReEvaluateTasks=true the workflow's pending tasks are evaluated again at once.")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
