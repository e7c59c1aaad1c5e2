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
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Reservations;

internal static class UpdateReservation
{
    /// <summary>Twilio's call-handling instructions: each accepts the reservation; the voice side acts on the recorded one.</summary>
    internal static readonly string[] Instructions = ["dequeue", "call", "redirect", "conference"];

    internal sealed record Command(
        WorkspaceScope Scope,
        ReservationParent Parent,
        string ReservationSid,
        ReservationState? Status,
        string? WorkerActivitySid,
        string? Instruction) : ICommand<ReservationResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Status)
                .Must(s => s is null or ReservationState.Accepted or ReservationState.Rejected or ReservationState.Wrapping or ReservationState.Completed)
                .OverridePropertyName("ReservationStatus")
                .WithMessage("must be accepted, rejected, wrapping or completed");
            RuleFor(c => c.Instruction)
                .Must(i => i is null || Instructions.Contains(i))
                .WithMessage($"must be one of {string.Join(", ", Instructions)}");
            RuleFor(c => c).Must(c => c.Status is not null || c.Instruction is not null)
                .OverridePropertyName("ReservationStatus").WithMessage("is required (or an Instruction)");
        }
    }

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, RoutingEngine engine, RoutingJournal journal) : ICommandHandler<Command, ReservationResource>
    {
        public async ValueTask<ReservationResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var scope = command.Scope;
            var reservation = await FetchReservation.FindForChangeAsync(db, engine, scope, command.Parent, command.ReservationSid, cancellationToken);
            var activitySid = command.WorkerActivitySid is null
                ? null
                : (await db.Activities.ReferencedAsync(scope, command.WorkerActivitySid, "WorkerActivitySid", cancellationToken)).Sid;
            var router = engine.For(scope.WorkspaceSid);
            var status = command.Status ?? ReservationState.Accepted;
            var result = status switch
            {
                ReservationState.Accepted => router.AcceptReservation(reservation.Sid),
                ReservationState.Rejected => router.RejectReservation(reservation.Sid, activitySid),
                ReservationState.Wrapping => router.WrapUpReservation(reservation.Sid),
                _ => router.CompleteReservation(reservation.Sid),
            };
            if (result.Outcome == RoutingOutcome.NotFound)
            {
                throw ApiException.Conflict($"Reservation {reservation.Sid} is {WireNames.Of(reservation.Status)}; it can no longer be {WireNames.Of(status)}.", "ReservationStatus");
            }

            result.OrThrow("ReservationStatus");
            if (activitySid is not null && status != ReservationState.Rejected)
            {
                router.UpdateWorkerActivity(reservation.WorkerSid, activitySid).OrThrow("WorkerActivitySid");
            }

            await journal.WaitPersistedAsync(cancellationToken);
            if (command.Instruction is not null)
            {
                await db.Reservations.Where(r => r.Sid == reservation.Sid)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Instruction, command.Instruction), cancellationToken);
            }

            if (result.Reservation is { } changed)
            {
                // What the engine did to it is what the journal has just recorded (status, update time): no need to read it back.
                reservation.Status = JournalBatch.State(changed.Status);
                reservation.DateUpdated = changed.UpdatedAt.UtcDateTime;
                return ReservationResource.From(reservation, command.Parent, urls);
            }

            db.ChangeTracker.Clear();
            var updated = await FetchReservation.FindAsync(db, scope, command.Parent, reservation.Sid, cancellationToken);
            return ReservationResource.From(updated, command.Parent, urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder reservations, Func<string, ReservationParent> parentOf, string parentRoute, string name) => reservations
        .MapPost("/{ReservationSid}", async Task<Ok<ReservationResource>> (
            string workspaceSid,
            string reservationSid,
            [FromForm(Name = "ReservationStatus")] string? reservationStatus,
            [FromForm(Name = "WorkerActivitySid")] string? workerActivitySid,
            [FromForm(Name = "Instruction")] string? instruction,
            HttpContext http,
            ISender sender) =>
        {
            var parent = parentOf((string)http.Request.RouteValues[parentRoute]!);
            var command = new Command(
                new(http.User.AccountSidOf(), workspaceSid),
                parent,
                reservationSid,
                FormValues.Enum<ReservationState>(reservationStatus, "ReservationStatus"),
                workerActivitySid,
                instruction);
            return TypedResults.Ok(await sender.Send(command, http.RequestAborted));
        })
        .WithName(name)
        .WithSummary("Accept, reject, wrap up or complete a reservation")
        .WithDescription("ReservationStatus: accepted (the task is assigned; other offers of it are rescinded), rejected (the worker is not offered the task again; WorkerActivitySid moves it), wrapping, completed. An Instruction (dequeue, call, redirect, conference) accepts and is recorded for the voice side. A reservation no longer pending is a 409 naming its state.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
