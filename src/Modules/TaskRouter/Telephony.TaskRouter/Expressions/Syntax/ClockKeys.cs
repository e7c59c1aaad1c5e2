namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>The <c>taskrouter.</c> values Twilio documents for time-of-day routing.</summary>
internal static class ClockKeys
{
    public const string Prefix = "taskrouter";
    public const string CurrentTime = "currentTime";
    public const string CurrentHour = "currentHour";
    public const string CurrentMinute = "currentMin";
    public const string DayOfWeek = "dayOfWeek";

    public static bool IsKnown(string name) => name is CurrentTime or CurrentHour or CurrentMinute or DayOfWeek;
}
