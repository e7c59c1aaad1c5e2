namespace Telephony.TaskRouter.Engine.Model;

internal enum DueKind
{
    ReservationTimeout,
    TargetTimeout,
    TaskTimeToLive,
}

/// <summary>Something the engine must do at a time: the unit a durable scheduler persists and replays.</summary>
internal sealed record DueTimer(DateTimeOffset DueAt, DueKind Kind, string Sid, long Sequence);
