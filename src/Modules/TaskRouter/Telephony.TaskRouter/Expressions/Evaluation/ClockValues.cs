using System.Globalization;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions.Evaluation;

/// <summary>
/// The <c>taskrouter.</c> values, in UTC, as Twilio documents them: currentTime a number HHMM, currentHour and
/// currentMin two-digit strings, dayOfWeek <c>Mon</c>..<c>Sun</c>. Precomputed so that reading them allocates nothing.
/// </summary>
internal static class ClockValues
{
    private static readonly AttributeValue[] Times = [.. Enumerable.Range(0, 24 * 60).Select(m => AttributeValue.Of((m / 60 * 100) + (m % 60)))];
    private static readonly AttributeValue[] Hours = TwoDigits(24);
    private static readonly AttributeValue[] Minutes = TwoDigits(60);
    private static readonly AttributeValue[] Days = [.. new[] { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" }.Select(AttributeValue.Of)];

    public static Func<ExpressionContext, AttributeValue?> Reader(string name) => name switch
    {
        ClockKeys.CurrentTime => context => Times[MinuteOfDay(context)],
        ClockKeys.CurrentHour => context => Hours[context.Now.UtcDateTime.Hour],
        ClockKeys.CurrentMinute => context => Minutes[context.Now.UtcDateTime.Minute],
        ClockKeys.DayOfWeek => context => Days[(int)context.Now.UtcDateTime.DayOfWeek],
        _ => _ => null,
    };

    private static int MinuteOfDay(ExpressionContext context)
    {
        var utc = context.Now.UtcDateTime;
        return (utc.Hour * 60) + utc.Minute;
    }

    private static AttributeValue[] TwoDigits(int count) =>
        [.. Enumerable.Range(0, count).Select(n => AttributeValue.Of(n.ToString("00", CultureInfo.InvariantCulture)))];
}
