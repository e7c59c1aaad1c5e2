using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskChannels;

internal static class UpdateTaskChannel
{
    internal sealed record Command(WorkspaceScope Scope, string TaskChannel, string? FriendlyName, bool? ChannelOptimizedRouting) : ICommand<TaskChannelResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls) : ICommandHandler<Command, TaskChannelResource>
    {
        public async ValueTask<TaskChannelResource> Handle(Command command, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(command.Scope.AccountSid, command.Scope.WorkspaceSid, cancellationToken);
            var channel = await TaskChannelResource.FindAsync(db, command.Scope, command.TaskChannel, cancellationToken);
            channel.FriendlyName = command.FriendlyName ?? channel.FriendlyName;
            channel.ChannelOptimizedRouting = command.ChannelOptimizedRouting ?? channel.ChannelOptimizedRouting;
            channel.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            return TaskChannelResource.From(channel, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapPost("/{TaskChannel}", async Task<Ok<TaskChannelResource>> (
            string workspaceSid,
            string taskChannel,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "ChannelOptimizedRouting")] string? channelOptimizedRouting,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(
                new Command(new(http.User.AccountSidOf(), workspaceSid), taskChannel, friendlyName, FormValues.Bool(channelOptimizedRouting, "ChannelOptimizedRouting")),
                http.RequestAborted)))
        .WithName("UpdateTaskChannel")
        .WithSummary("Update a task channel")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
