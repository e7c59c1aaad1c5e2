using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workspaces;

internal static class CreateWorkspace
{
    internal sealed record Command(
        string AccountSid,
        string? FriendlyName,
        string? EventCallbackUrl,
        string? EventsFilter,
        bool? MultiTaskEnabled,
        TemplateName? Template,
        QueueOrder? PrioritizeQueueOrder) : ICommand<WorkspaceResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
            RuleFor(c => c.EventCallbackUrl).HttpUrl();
            RuleFor(c => c.EventsFilter).MaximumLength(TaskRouterLimits.EventsFilterLength);
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, WorkspaceLoader loader) : ICommandHandler<Command, WorkspaceResource>
    {
        public async ValueTask<WorkspaceResource> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await db.Workspaces.CountAsync(w => w.AccountSid == command.AccountSid, cancellationToken) >= TaskRouterLimits.WorkspacesPerAccount)
            {
                throw Owned.LimitReached($"The account already has the maximum of {TaskRouterLimits.WorkspacesPerAccount} workspaces.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var workspace = new Workspace
            {
                Sid = Sid.New("WS"),
                AccountSid = command.AccountSid,
                FriendlyName = command.FriendlyName!,
                EventCallbackUrl = NullIfEmpty(command.EventCallbackUrl),
                EventsFilter = NullIfEmpty(command.EventsFilter),
                MultiTaskEnabled = command.MultiTaskEnabled ?? true,
                PrioritizeQueueOrder = command.PrioritizeQueueOrder ?? QueueOrder.Fifo,
                DateCreated = now,
                DateUpdated = now,
            };
            db.Workspaces.Add(workspace);
            WorkspaceTemplate.Populate(db, workspace, command.Template ?? TemplateName.None);
            await db.SaveChangesAsync(cancellationToken);
            await loader.LoadAsync(db, workspace, cancellationToken);
            return await WorkspaceResource.FromAsync(workspace, db, urls, cancellationToken);
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    internal static void Map(IEndpointRouteBuilder workspaces) => workspaces
        .MapPost("", async Task<Created<WorkspaceResource>> (
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "EventCallbackUrl")] string? eventCallbackUrl,
            [FromForm(Name = "EventsFilter")] string? eventsFilter,
            [FromForm(Name = "MultiTaskEnabled")] string? multiTaskEnabled,
            [FromForm(Name = "Template")] string? template,
            [FromForm(Name = "PrioritizeQueueOrder")] string? prioritizeQueueOrder,
            HttpContext http,
            ISender sender) =>
        {
            var workspace = await sender.Send(
                new Command(
                    http.User.AccountSidOf(),
                    friendlyName,
                    eventCallbackUrl,
                    eventsFilter,
                    FormValues.Bool(multiTaskEnabled, "MultiTaskEnabled"),
                    FormValues.Enum<TemplateName>(template, "Template"),
                    FormValues.Enum<QueueOrder>(prioritizeQueueOrder, "PrioritizeQueueOrder")),
                http.RequestAborted);
            return TypedResults.Created(workspace.Url, workspace);
        })
        .WithName("CreateWorkspace")
        .WithSummary("Create a workspace")
        .WithDescription("Creates the Offline, Available and Unavailable activities and the default, voice, chat, sms and video task channels; Template=FIFO also creates a queue for every worker and a workflow that sends every task to it.");
}
