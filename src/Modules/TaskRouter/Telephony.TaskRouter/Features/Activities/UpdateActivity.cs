using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Activities;

internal static class UpdateActivity
{
    internal sealed record Command(WorkspaceScope Scope, string ActivitySid, string? FriendlyName) : ICommand<ActivityResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, ActivityResource>
    {
        public async ValueTask<ActivityResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var activity = await db.Activities.SingleAsync(command.Scope, command.ActivitySid, "Activity", cancellationToken);
            var duplicate = $"An activity named '{command.FriendlyName}' already exists in this workspace.";
            if (command.FriendlyName is not null && command.FriendlyName != activity.FriendlyName)
            {
                if (await db.Activities.InWorkspace(command.Scope.AccountSid, command.Scope.WorkspaceSid).AnyAsync(a => a.FriendlyName == command.FriendlyName, cancellationToken))
                {
                    throw ApiException.Conflict(duplicate, "FriendlyName");
                }

                activity.FriendlyName = command.FriendlyName;
            }

            activity.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveUniqueAsync("FriendlyName", duplicate, cancellationToken);
            engine.For(activity.WorkspaceSid).UpsertActivity(RoutingModel.Activity(activity));
            return ActivityResource.From(activity, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder activities) => activities
        .MapPost("/{ActivitySid}", async Task<Ok<ActivityResource>> (
            string workspaceSid,
            string activitySid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), activitySid, friendlyName), http.RequestAborted)))
        .WithName("UpdateActivity")
        .WithSummary("Rename an activity")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
