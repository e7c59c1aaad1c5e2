using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Features;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Reservations;

/// <summary>Which collection a reservation is reached through: its task's or its worker's (Twilio has both).</summary>
internal sealed record ReservationParent(string Collection, string Sid)
{
    public static ReservationParent Task(string taskSid) => new("Tasks", taskSid);

    public static ReservationParent Worker(string workerSid) => new("Workers", workerSid);

    public IQueryable<Reservation> Filter(IQueryable<Reservation> reservations) =>
        Collection == "Tasks" ? reservations.Where(r => r.TaskSid == Sid) : reservations.Where(r => r.WorkerSid == Sid);

    public bool Holds(ReservationSnapshot reservation) => (Collection == "Tasks" ? reservation.TaskSid : reservation.WorkerSid) == Sid;
}

internal sealed record ReservationResource(
    string AccountSid,
    string? DateCreated,
    string? DateUpdated,
    string ReservationStatus,
    string Sid,
    string TaskSid,
    string WorkerName,
    string WorkerSid,
    string WorkspaceSid,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>A live reservation as the journal records it (the same columns).</summary>
    public static Reservation Recorded(ReservationSnapshot reservation, WorkspaceScope scope) => new()
    {
        Sid = reservation.Sid,
        AccountSid = scope.AccountSid,
        WorkspaceSid = scope.WorkspaceSid,
        TaskSid = reservation.TaskSid,
        WorkerSid = reservation.WorkerSid,
        WorkerName = reservation.WorkerName,
        TaskQueueSid = reservation.TaskQueueSid,
        Status = JournalBatch.State(reservation.Status),
        DateCreated = reservation.CreatedAt.UtcDateTime,
        DateUpdated = reservation.UpdatedAt.UtcDateTime,
    };

    public static ReservationResource From(Reservation reservation, ReservationParent parent, ResourceUrls urls) => new(
        reservation.AccountSid,
        TwilioJson.Iso(reservation.DateCreated),
        TwilioJson.Iso(reservation.DateUpdated),
        WireNames.Of(reservation.Status),
        reservation.Sid,
        reservation.TaskSid,
        reservation.WorkerName,
        reservation.WorkerSid,
        reservation.WorkspaceSid,
        $"{urls.In(reservation.WorkspaceSid, parent.Collection, parent.Sid)}/Reservations/{reservation.Sid}",
        new Dictionary<string, string>
        {
            ["task"] = urls.In(reservation.WorkspaceSid, "Tasks", reservation.TaskSid),
            ["worker"] = urls.In(reservation.WorkspaceSid, "Workers", reservation.WorkerSid),
            ["workspace"] = urls.Workspace(reservation.WorkspaceSid),
        });
}
