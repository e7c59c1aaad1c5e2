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
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.WorkerChannels;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workers;

internal static class CreateWorker
{
    internal sealed record Command(WorkspaceScope Scope, string? FriendlyName, string? ActivitySid, string? Attributes) : ICommand<WorkerResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().FriendlyName();
            RuleFor(c => c.Attributes).AttributesJson();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, WorkerResource>
    {
        public async ValueTask<WorkerResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var workspace = await db.WorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            await db.Workers.EnsureBelowLimitAsync(scope, TaskRouterLimits.WorkersPerWorkspace, "workers", cancellationToken);
            var activitySid = command.ActivitySid ?? workspace.DefaultActivitySid
                ?? throw ApiException.Invalid("ActivitySid", "is required: the workspace has no default activity");
            var activity = await db.Activities.ReferencedAsync(scope, activitySid, "ActivitySid", cancellationToken);
            var duplicate = $"A worker named '{command.FriendlyName}' already exists in this workspace.";
            if (await db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(w => w.FriendlyName == command.FriendlyName, cancellationToken))
            {
                throw ApiException.Conflict(duplicate, "FriendlyName");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var worker = new Worker
            {
                Sid = Sid.New("WK"),
                AccountSid = scope.AccountSid,
                WorkspaceSid = scope.WorkspaceSid,
                FriendlyName = command.FriendlyName!,
                Attributes = command.Attributes ?? "{}",
                ActivitySid = activity.Sid,
                Activity = activity,
                DateStatusChanged = now,
                DateCreated = now,
                DateUpdated = now,
            };
            var taskChannels = await db.TaskChannels.InWorkspace(scope.AccountSid, scope.WorkspaceSid).Select(c => c.Sid).ToListAsync(cancellationToken);
            worker.Channels.AddRange(taskChannels.Select(channel => NewWorkerChannel.For(scope.AccountSid, scope.WorkspaceSid, worker.Sid, channel, now)));
            db.Workers.Add(worker);
            await db.SaveUniqueAsync("FriendlyName", duplicate, cancellationToken);
            // A new worker's channels have the default capacity and availability, as the engine's do; it
            // entered its activity when its row says, or the journal would write the row (and its ETag) again.
            engine.For(scope.WorkspaceSid)
                .AddWorker(worker.Sid, worker.FriendlyName, worker.Attributes, worker.ActivitySid, activityChangedAt: new DateTimeOffset(now, TimeSpan.Zero))
                .OrThrow("FriendlyName");
            await journal.WaitPersistedAsync(cancellationToken);
            db.ChangeTracker.Clear();
            worker = await db.Workers.AsNoTracking().Include(w => w.Activity).SingleAsync(w => w.Sid == worker.Sid, cancellationToken);
            await publisher.Publish(new WorkerActivityChanged(scope.AccountSid, scope.WorkspaceSid, worker.Sid, activity.Sid, activity.Available), cancellationToken);
            return WorkerResource.From(worker, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapPost("", async Task<Created<WorkerResource>> (
            string workspaceSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "ActivitySid")] string? activitySid,
            [FromForm(Name = "Attributes")] string? attributes,
            HttpContext http,
            ISender sender) =>
        {
            var worker = await sender.Send(new Command(new(http.User.AccountSidOf(), workspaceSid), friendlyName, activitySid, attributes), http.RequestAborted);
            http.Response.Headers.ETag = worker.ETag;
            return TypedResults.Created(worker.Url, worker);
        })
        .WithName("CreateWorker")
        .WithSummary("Create a worker")
        .WithDescription("FriendlyName is unique in the workspace; ActivitySid defaults to the workspace's default activity; Attributes is a JSON object of at most 4,096 characters. The worker gets a channel (capacity 1) per task channel.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
