using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features;

/// <summary>How enums are written on the wire: Twilio writes queue orders upper case and statuses lower case.</summary>
internal static class WireNames
{
    public static string Of(QueueOrder order) => order == QueueOrder.Lifo ? "LIFO" : "FIFO";

    public static string Of(AssignmentStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(ReservationState status) => status.ToString().ToLowerInvariant();
}
