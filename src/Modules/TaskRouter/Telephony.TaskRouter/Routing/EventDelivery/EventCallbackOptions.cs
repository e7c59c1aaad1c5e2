namespace Telephony.TaskRouter.Routing.EventDelivery;

/// <summary>How event callbacks are retried (section <c>TaskRouter:EventCallbacks</c>).</summary>
internal sealed class EventCallbackOptions
{
    public const string Section = "TaskRouter:EventCallbacks";

    /// <summary>Attempts per event before it is given up (logged; the event stays readable through GET /Events).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failure; doubled after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Twilio asks callback servers to answer within 15 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Resources delivered to at once; each resource's events still go one after another.</summary>
    public int Parallelism { get; set; } = 8;

    public int BatchSize { get; set; } = 256;

    public TimeSpan RetryDelayAfter(int attempts)
    {
        var doublings = Math.Min(Math.Max(attempts - 1, 0), 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
