using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Tasks;

/// <summary>Twilio's task life cycle, as far as the API may move it.</summary>
internal static class TaskStates
{
    /// <summary>States a task can still leave: it holds a queue, a workflow and possibly a worker.</summary>
    public static readonly AssignmentStatus[] Active = [AssignmentStatus.Pending, AssignmentStatus.Reserved, AssignmentStatus.Assigned, AssignmentStatus.Wrapping];

    /// <summary>
    /// The moves a caller may make. Reserving and assigning are the assignment engine's moves
    /// (through reservations), never a plain update.
    /// </summary>
    public static bool CanMove(AssignmentStatus from, AssignmentStatus to) => (from, to) switch
    {
        (AssignmentStatus.Pending or AssignmentStatus.Reserved, AssignmentStatus.Canceled) => true,
        (AssignmentStatus.Assigned, AssignmentStatus.Wrapping or AssignmentStatus.Completed) => true,
        (AssignmentStatus.Wrapping, AssignmentStatus.Completed) => true,
        _ => false,
    };

    public static string AllowedFrom(AssignmentStatus from) => from switch
    {
        AssignmentStatus.Pending or AssignmentStatus.Reserved => "canceled",
        AssignmentStatus.Assigned => "wrapping or completed",
        AssignmentStatus.Wrapping => "completed",
        _ => "nothing: the task is finished",
    };
}
