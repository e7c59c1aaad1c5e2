using System.ComponentModel.DataAnnotations;

namespace Telephony.TaskRouter.Routing.EventDelivery;

/// <summary>How event callbacks are retried (section <c>TaskRouter:EventCallbacks</c>).</summary>
internal sealed class EventCallbackOptions
{
    public const string Section = "TaskRouter:EventCallbacks";

    /// <summary>Attempts per event before it is given up (logged; the event stays readable through GET /Events).</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failure; doubled after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Twilio asks callback servers to answer within 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Resources delivered to at once; each resource's events still go one after another.</summary>
    [Range(1, 256)]
    public int Parallelism { get; set; } = 8;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    public TimeSpan RetryDelayAfter(int attempts)
    {
        var doublings = Math.Min(Math.Max(attempts - 1, 0), 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
