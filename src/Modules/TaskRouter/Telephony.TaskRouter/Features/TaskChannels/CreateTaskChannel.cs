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
using Telephony.TaskRouter.Features.WorkerChannels;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.TaskChannels;

internal static class CreateTaskChannel
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    internal sealed record Command(WorkspaceScope Scope, string? FriendlyName, string? UniqueName, bool? ChannelOptimizedRouting) : ICommand<TaskChannelResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
            // A channel is found by its sid or its unique name (worker channels by theirs too), so a
            // unique name shaped like a sid could take another channel's place in those lookups.
            RuleFor(c => c.UniqueName).NotEmpty().MaximumLength(TaskRouterLimits.UniqueNameLength)
                .Must(name => name is null || !LooksLikeSid(name)).WithMessage("must not have the shape of a sid (two capital letters and 32 hex digits)");
        }
    }

    private static bool LooksLikeSid(string name) =>
        name.Length == 34 && char.IsAsciiLetterUpper(name[0]) && char.IsAsciiLetterUpper(name[1]) && name.AsSpan(2).ContainsAnyExcept(HexDigits) is false;

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, RoutingEngine engine) : ICommandHandler<Command, TaskChannelResource>
    {
        public async ValueTask<TaskChannelResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            await db.TaskChannels.EnsureBelowLimitAsync(scope, TaskRouterLimits.TaskChannelsPerWorkspace, "task channels", cancellationToken);
            var duplicate = $"A task channel with unique name '{command.UniqueName}' already exists in this workspace.";
            if (await db.TaskChannels.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(c => c.UniqueName == command.UniqueName, cancellationToken))
            {
                throw ApiException.Conflict(duplicate, "UniqueName");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var channel = new TaskChannel
            {
                Sid = Sid.New("TC"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                FriendlyName = command.FriendlyName!,
                UniqueName = command.UniqueName!,
                ChannelOptimizedRouting = command.ChannelOptimizedRouting ?? false,
                DateCreated = now,
                DateUpdated = now,
            };
            db.TaskChannels.Add(channel);
            // Every existing worker gets a channel of the new kind, as Twilio does.
            var workers = await db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid).Select(w => w.Sid).ToListAsync(cancellationToken);
            db.WorkerChannels.AddRange(workers.Select(worker => NewWorkerChannel.For(scope.AccountSid, scope.WorkspaceSid, worker, channel.Sid, now)));
            await db.SaveUniqueAsync("UniqueName", duplicate, cancellationToken);
            engine.For(channel.WorkspaceSid).AddTaskChannel(channel.UniqueName, channel.Sid);
            return TaskChannelResource.From(channel, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapPost("", async Task<Created<TaskChannelResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "UniqueName")] string? uniqueName,
            [FromForm(Name = "ChannelOptimizedRouting")] string? channelOptimizedRouting,
            HttpContext http,
            ISender sender) =>
        {
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                friendlyName,
                uniqueName,
                FormValues.Bool(channelOptimizedRouting, "ChannelOptimizedRouting"));
            var channel = await sender.Send(command, http.RequestAborted);
            return TypedResults.Created(channel.Url, channel);
        })
        .WithName("CreateTaskChannel")
        .WithSummary("Create a task channel")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
