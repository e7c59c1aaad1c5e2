namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>Which statistics resource was asked for: <c>/Statistics</c> (both, nested) or one of its halves (flat).</summary>
internal enum StatisticsPart
{
    Both,
    RealTime,
    Cumulative,
}

internal static class StatisticsResponse
{
    public static string Suffix(this StatisticsPart part) => part switch
    {
        StatisticsPart.RealTime => "RealTimeStatistics",
        StatisticsPart.Cumulative => "CumulativeStatistics",
        _ => "Statistics",
    };

    /// <summary>
    /// Twilio's shape: <c>/Statistics</c> nests <c>cumulative</c> and <c>realtime</c> objects; the
    /// <c>RealTimeStatistics</c> and <c>CumulativeStatistics</c> resources carry their figures at the top level.
    /// </summary>
    public static Dictionary<string, object?> Compose(
        string accountSid,
        StatisticsPart part,
        Dictionary<string, object?>? realtime,
        Dictionary<string, object?>? cumulative,
        IEnumerable<(string Key, string Sid)> ids,
        string url)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["account_sid"] = accountSid };
        if (part == StatisticsPart.Both)
        {
            if (cumulative is not null)
            {
                fields["cumulative"] = cumulative;
            }

            if (realtime is not null)
            {
                fields["realtime"] = realtime;
            }
        }
        else
        {
            foreach (var (key, value) in (part == StatisticsPart.RealTime ? realtime : cumulative) ?? [])
            {
                fields[key] = value;
            }
        }

        foreach (var (key, sid) in ids)
        {
            fields[key] = sid;
        }

        fields["url"] = url;
        return fields;
    }

    public static bool WantsRealtime(this StatisticsPart part) => part != StatisticsPart.Cumulative;

    public static bool WantsCumulative(this StatisticsPart part) => part != StatisticsPart.RealTime;
}

internal static class StatisticsDocs
{
    public const string Parameters =
        "Minutes (1..43,200; default 15) or StartDate, and EndDate (ISO 8601, default now) bound the cumulative window; " +
        "TaskChannel (sid or unique name) keeps one channel; SplitByWaitTime (up to 10 comma-separated seconds) splits accepted reservations and canceled tasks by wait.";

    public static string Describe(this StatisticsPart part) => part switch
    {
        StatisticsPart.RealTime => "real-time statistics",
        StatisticsPart.Cumulative => "cumulative statistics over a window",
        _ => "real-time and cumulative statistics",
    };
}
