using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Features.Reservations;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>
/// Carries out a callback's instruction on the reservation through the engine, as the reservation
/// endpoint does. It does not wait for the journal: the engine's events are recorded like any other,
/// and the dispatcher must never wait on the writer that feeds it.
/// </summary>
internal sealed partial class AssignmentInstructions(RoutingEngine engine, ILogger<AssignmentInstructions> logger)
{
    public async Task ApplyAsync(TaskRouterDb db, AssignmentCallback callback, AssignmentInstruction instruction, CancellationToken cancellationToken)
    {
        if (!engine.TryGet(callback.WorkspaceSid, out var router))
        {
            return;
        }

        var reservationSid = callback.ReservationSid;
        RoutingResult result;
        if (instruction.Name == "accept")
        {
            result = router.AcceptReservation(reservationSid);
        }
        else if (instruction.Name == "reject")
        {
            var activitySid = await KnownActivityAsync(db, callback, instruction.ActivitySid, cancellationToken);
            result = router.RejectReservation(reservationSid, activitySid);
        }
        else if (UpdateReservation.Instructions.Contains(instruction.Name))
        {
            result = router.AcceptReservation(reservationSid);
            if (result.Outcome == RoutingOutcome.Done)
            {
                await RecordAsync(db, reservationSid, instruction, cancellationToken);
            }
        }
        else
        {
            UnknownInstructionLog(reservationSid, instruction.Name);
            return;
        }

        if (result.Outcome != RoutingOutcome.Done)
        {
            NotAppliedLog(reservationSid, instruction.Name, result.Message ?? result.Outcome.ToString());
        }
    }

    /// <summary>An activity the workspace does not have is ignored (logged): the tenant still meant to reject.</summary>
    private async Task<string?> KnownActivityAsync(TaskRouterDb db, AssignmentCallback callback, string? activitySid, CancellationToken cancellationToken)
    {
        if (activitySid is null)
        {
            return null;
        }

        if (await db.Activities.AnyAsync(a => a.Sid == activitySid && a.WorkspaceSid == callback.WorkspaceSid, cancellationToken))
        {
            return activitySid;
        }

        UnknownActivityLog(callback.ReservationSid, activitySid);
        return null;
    }

    private static Task<int> RecordAsync(TaskRouterDb db, string reservationSid, AssignmentInstruction instruction, CancellationToken cancellationToken)
    {
        var parameters = instruction.Json.Length <= TaskRouterLimits.AttributesLength ? instruction.Json : null;
        return db.Reservations.Where(r => r.Sid == reservationSid).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.Instruction, instruction.Name).SetProperty(r => r.InstructionParameters, parameters),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment callback answered an unknown instruction {Instruction} for reservation {ReservationSid}; it stays pending")]
    private partial void UnknownInstructionLog(string reservationSid, string instruction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment callback asked to reject reservation {ReservationSid} with activity {ActivitySid}, which the workspace does not have; rejected without moving the worker")]
    private partial void UnknownActivityLog(string reservationSid, string activitySid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instruction {Instruction} of an assignment callback not applied to reservation {ReservationSid}: {Reason}")]
    private partial void NotAppliedLog(string reservationSid, string instruction, string reason);
}
