using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workspaces;

internal static class UpdateWorkspace
{
    internal sealed record Command(
        string AccountSid,
        string WorkspaceSid,
        string? FriendlyName,
        string? EventCallbackUrl,
        string? EventsFilter,
        bool? MultiTaskEnabled,
        string? DefaultActivitySid,
        string? TimeoutActivitySid,
        QueueOrder? PrioritizeQueueOrder) : ICommand<WorkspaceResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
            RuleFor(c => c.EventCallbackUrl).HttpUrl();
            RuleFor(c => c.EventsFilter).MaximumLength(TaskRouterLimits.EventsFilterLength);
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, WorkspaceResource>
    {
        public async ValueTask<WorkspaceResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var workspace = await db.WorkspaceAsync(command.AccountSid, command.WorkspaceSid, cancellationToken);
            var scope = new WorkspaceScope(command.AccountSid, command.WorkspaceSid);
            if (command.DefaultActivitySid is not null)
            {
                workspace.DefaultActivitySid = (await db.Activities.ReferencedAsync(scope, command.DefaultActivitySid, "DefaultActivitySid", cancellationToken)).Sid;
            }

            if (command.TimeoutActivitySid is not null)
            {
                workspace.TimeoutActivitySid = (await db.Activities.ReferencedAsync(scope, command.TimeoutActivitySid, "TimeoutActivitySid", cancellationToken)).Sid;
            }

            workspace.FriendlyName = command.FriendlyName ?? workspace.FriendlyName;
            workspace.EventCallbackUrl = command.EventCallbackUrl is null ? workspace.EventCallbackUrl : EmptyAsNull(command.EventCallbackUrl);
            workspace.EventsFilter = command.EventsFilter is null ? workspace.EventsFilter : EmptyAsNull(command.EventsFilter);
            workspace.MultiTaskEnabled = command.MultiTaskEnabled ?? workspace.MultiTaskEnabled;
            workspace.PrioritizeQueueOrder = command.PrioritizeQueueOrder ?? workspace.PrioritizeQueueOrder;
            workspace.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            engine.For(workspace.Sid).UpdateSettings(RoutingModel.Settings(workspace));
            return await WorkspaceResource.FromAsync(workspace, db, urls, cancellationToken);
        }

        // Posting an empty value clears an optional field, as with Twilio.
        private static string? EmptyAsNull(string value) => value.Length == 0 ? null : value;
    }

    internal static void Map(IEndpointRouteBuilder workspaces) => workspaces
        .MapPost("/{WorkspaceSid}", async Task<Ok<WorkspaceResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "EventCallbackUrl")] string? eventCallbackUrl,
            [FromForm(Name = "EventsFilter")] string? eventsFilter,
            [FromForm(Name = "MultiTaskEnabled")] string? multiTaskEnabled,
            [FromForm(Name = "DefaultActivitySid")] string? defaultActivitySid,
            [FromForm(Name = "TimeoutActivitySid")] string? timeoutActivitySid,
            [FromForm(Name = "PrioritizeQueueOrder")] string? prioritizeQueueOrder,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(
                    http.User.AccountSidOf(),
                    workspaceSid,
                    friendlyName,
                    eventCallbackUrl,
                    eventsFilter,
                    FormValues.Bool(multiTaskEnabled, "MultiTaskEnabled"),
                    defaultActivitySid,
                    timeoutActivitySid,
                    FormValues.Enum<QueueOrder>(prioritizeQueueOrder, "PrioritizeQueueOrder")),
                http.RequestAborted)))
        .WithName("UpdateWorkspace")
        .WithSummary("Update a workspace")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
