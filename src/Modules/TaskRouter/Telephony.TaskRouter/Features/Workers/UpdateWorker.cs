using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Contracts;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features.Tasks;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Workers;

internal static class UpdateWorker
{
    internal sealed record Command(WorkspaceScope Scope, string WorkerSid, string? FriendlyName, string? ActivitySid, string? Attributes, bool RejectPendingReservations = false, string? IfMatch = null) : ICommand<WorkerResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).NotEmpty().When(c => c.FriendlyName is not null).FriendlyName();
            RuleFor(c => c.Attributes).AttributesJson();
        }
    }

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock, ResourceUrls urls, IPublisher publisher, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, WorkerResource>
    {
        public async ValueTask<WorkerResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var worker = await SaveAsync(command, cancellationToken);
            var router = engine.For(worker.WorkspaceSid);
            if (command.Attributes is not null || command.FriendlyName is not null)
            {
                router.UpdateWorkerAttributes(worker.Sid, worker.Attributes, worker.FriendlyName).OrThrow("FriendlyName");
            }

            if (command.ActivitySid is not null)
            {
                router.UpdateWorkerActivity(worker.Sid, worker.ActivitySid, command.RejectPendingReservations).OrThrow("ActivitySid");
            }

            await journal.WaitPersistedAsync(cancellationToken);
            // The engine may have moved the worker on already (a reservation's activity): answer what is recorded now.
            db.ChangeTracker.Clear();
            worker = await db.Workers.AsNoTracking().Include(w => w.Activity).SingleAsync(w => w.Sid == worker.Sid, cancellationToken);
            if (command.ActivitySid is not null)
            {
                await publisher.Publish(new WorkerActivityChanged(scope.AccountSid, scope.WorkspaceSid, worker.Sid, worker.ActivitySid, worker.Activity.Available), cancellationToken);
            }

            if (command.Attributes is not null)
            {
                await publisher.Publish(new WorkerAttributesChanged(scope.AccountSid, scope.WorkspaceSid, worker.Sid), cancellationToken);
            }

            return WorkerResource.From(worker, urls);
        }

        /// <summary>
        /// Saves the new values. The journal also writes workers (their activity, as the engine moves them):
        /// without If-Match a lost race with it is simply tried again; with If-Match it is a 412.
        /// </summary>
        private async Task<Worker> SaveAsync(Command command, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ApplyAsync(command, cancellationToken);
                }
                catch (DbUpdateConcurrencyException) when (command.IfMatch is null && attempt < 5)
                {
                    db.ChangeTracker.Clear();
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw ApiException.PreconditionFailed("The worker changed while this update was applied; read it again and retry.");
                }
            }
        }

        private async Task<Worker> ApplyAsync(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var worker = await db.Workers.Include(w => w.Activity).SingleAsync(scope, command.WorkerSid, "Worker", cancellationToken);
            IfMatch.Check(command.IfMatch, WorkerResource.ETagOf(worker), "worker");
            var now = clock.GetUtcNow().UtcDateTime;
            if (command.ActivitySid is not null && command.ActivitySid != worker.ActivitySid)
            {
                worker.Activity = await db.Activities.ReferencedAsync(scope, command.ActivitySid, "ActivitySid", cancellationToken);
                worker.ActivitySid = worker.Activity.Sid;
                worker.DateStatusChanged = now;
            }

            var duplicate = $"A worker named '{command.FriendlyName}' already exists in this workspace.";
            if (command.FriendlyName is not null && command.FriendlyName != worker.FriendlyName)
            {
                if (await db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(w => w.FriendlyName == command.FriendlyName, cancellationToken))
                {
                    throw ApiException.Conflict(duplicate, "FriendlyName");
                }

                worker.FriendlyName = command.FriendlyName;
            }

            worker.Attributes = command.Attributes ?? worker.Attributes;
            worker.DateUpdated = now;
            worker.Version++;
            await db.SaveUniqueAsync("FriendlyName", duplicate, cancellationToken);
            return worker;
        }
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapPost("/{WorkerSid}", async Task<Ok<WorkerResource>> (
            string workspaceSid,
            string workerSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "ActivitySid")] string? activitySid,
            [FromForm(Name = "Attributes")] string? attributes,
            [FromForm(Name = "RejectPendingReservations")] string? rejectPendingReservations,
            [FromHeader(Name = "If-Match")] string? ifMatch,
            HttpContext http,
            ISender sender) =>
        {
            var worker = await sender.Send(
                new Command(
                    new(http.User.AccountSidOf(), workspaceSid),
                    workerSid,
                    friendlyName,
                    activitySid,
                    attributes,
                    FormValues.Bool(rejectPendingReservations, "RejectPendingReservations") ?? false,
                    ifMatch),
                http.RequestAborted);
            http.Response.Headers.ETag = worker.ETag;
            return TypedResults.Ok(worker);
        })
        .WithName("UpdateWorker")
        .WithSummary("Update a worker: rename it, move it to another activity or replace its attributes")
        .WithDescription("With RejectPendingReservations=true, moving to an unavailable activity rejects the worker's pending reservations (they are not offered to it again).")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
