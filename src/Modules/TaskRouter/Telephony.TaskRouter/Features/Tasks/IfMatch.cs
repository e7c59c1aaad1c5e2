using System.Globalization;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Tasks;

/// <summary>Twilio's optimistic concurrency on tasks and workers: a change that carries If-Match applies only to the version it names.</summary>
internal static class IfMatch
{
    /// <summary>The single version an If-Match names, for the engine to check again under its lock; null for none or several.</summary>
    public static int? Version(string? ifMatch)
    {
        if (string.IsNullOrEmpty(ifMatch) || ifMatch.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        return int.TryParse(ifMatch.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }

    public static void Check(string? ifMatch, WorkTask task) => Check(ifMatch, TaskResource.ETagOf(task), "task");

    public static void Check(string? ifMatch, string current, string what)
    {
        if (string.IsNullOrEmpty(ifMatch) || ifMatch == "*")
        {
            return;
        }

        var matches = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == current || $"\"{tag}\"" == current);
        if (!matches)
        {
            throw ApiException.PreconditionFailed($"The {what} has changed: its ETag is now {current}, not {ifMatch}. Read it again and retry.");
        }
    }
}
