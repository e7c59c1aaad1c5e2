using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary>The query fields every statistics resource takes, as the caller sent them.</summary>
internal sealed record StatisticsFields(string? Minutes, string? StartDate, string? EndDate, string? TaskChannel, string? SplitByWaitTime)
{
    public static StatisticsFields From(HttpRequest request) =>
        new(Field(request, "Minutes"), Field(request, "StartDate"), Field(request, "EndDate"), Field(request, "TaskChannel"), Field(request, "SplitByWaitTime"));

    /// <summary>A query field as given, or null when absent.</summary>
    public static string? Field(HttpRequest request, string name) => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

/// <summary>
/// A statistics window [Start, End] in UTC and its filters. Twilio's defaults: the last 15 minutes;
/// <c>Minutes</c> counts back from <c>EndDate</c> (or now); events are kept 30 days, so a window may
/// reach back at most that far in minutes.
/// </summary>
internal sealed record StatisticsRequest(DateTime Start, DateTime End, string? TaskChannel, IReadOnlyList<int> SplitByWaitTime)
{
    public const int DefaultMinutes = 15;
    public const int MaxMinutes = 30 * 24 * 60;
    public const int MaxThresholds = 10;
    public const int MaxThresholdSeconds = 30 * 24 * 60 * 60;

    /// <summary>Parses the window (a 400 naming the field when it is wrong) and resolves the task channel (sid or unique name) to its unique name.</summary>
    public static async Task<StatisticsRequest> ResolveAsync(StatisticsFields fields, TaskRouterDb db, WorkspaceScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minutes = FormValues.Int(fields.Minutes, "Minutes");
        if (minutes is < 1 or > MaxMinutes)
        {
            throw ApiException.Invalid("Minutes", $"must be 1..{MaxMinutes}");
        }

        if (minutes is not null && fields.StartDate is not null)
        {
            throw ApiException.Invalid("Minutes", "cannot be combined with StartDate");
        }

        var end = FormValues.Date(fields.EndDate, "EndDate")?.UtcDateTime ?? now.UtcDateTime;
        var start = FormValues.Date(fields.StartDate, "StartDate")?.UtcDateTime ?? end.AddMinutes(-(minutes ?? DefaultMinutes));
        if (start > end)
        {
            throw ApiException.Invalid("StartDate", "must not be after EndDate");
        }

        string? channel = null;
        if (!string.IsNullOrEmpty(fields.TaskChannel))
        {
            channel = await db.TaskChannels.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
                .Where(c => c.Sid == fields.TaskChannel || c.UniqueName == fields.TaskChannel)
                .Select(c => c.UniqueName)
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw ApiException.Invalid("TaskChannel", $"'{fields.TaskChannel}' is not a task channel of workspace {scope.WorkspaceSid}");
        }

        return new StatisticsRequest(start, end, channel, Thresholds(fields.SplitByWaitTime));
    }

    private static List<int> Thresholds(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxThresholds)
        {
            throw ApiException.Invalid("SplitByWaitTime", $"takes at most {MaxThresholds} thresholds");
        }

        var thresholds = new SortedSet<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > MaxThresholdSeconds)
            {
                throw ApiException.Invalid("SplitByWaitTime", $"must be comma-separated whole seconds, 1..{MaxThresholdSeconds}");
            }

            thresholds.Add(seconds);
        }

        return [.. thresholds];
    }
}
