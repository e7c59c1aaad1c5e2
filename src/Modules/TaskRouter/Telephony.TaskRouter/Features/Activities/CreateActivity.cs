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
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Activities;

internal static class CreateActivity
{
    internal sealed record Command(WorkspaceScope Scope, string? FriendlyName, bool? Available) : ICommand<ActivityResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, ActivityResource>
    {
        public async ValueTask<ActivityResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            await db.Activities.EnsureBelowLimitAsync(scope, TaskRouterLimits.ActivitiesPerWorkspace, "activities", cancellationToken);
            var duplicate = $"An activity named '{command.FriendlyName}' already exists in this workspace.";
            if (await db.Activities.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(a => a.FriendlyName == command.FriendlyName, cancellationToken))
            {
                throw ApiException.Conflict(duplicate, "FriendlyName");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var activity = new Activity
            {
                Sid = Sid.New("WA"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                FriendlyName = command.FriendlyName!,
                Available = command.Available ?? false,
                DateCreated = now,
                DateUpdated = now,
            };
            db.Activities.Add(activity);
            await db.SaveUniqueAsync("FriendlyName", duplicate, cancellationToken);
            engine.For(activity.WorkspaceSid).UpsertActivity(RoutingModel.Activity(activity));
            return ActivityResource.From(activity, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder activities) => activities
        .MapPost("", async Task<Created<ActivityResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "Available")] string? available,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(new(http.User.AccountSidOf(), workspaceSid), friendlyName, FormValues.Bool(available, "Available"));
            var activity = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(activity.Url, activity);
        })
        .WithName("CreateActivity")
        .WithSummary("Create an activity")
        .WithDescription("Available (default false) says whether a worker in this activity can take tasks; it cannot change after creation.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
