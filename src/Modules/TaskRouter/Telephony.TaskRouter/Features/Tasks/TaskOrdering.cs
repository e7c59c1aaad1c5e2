using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Tasks;

/// <summary>Twilio's task list <c>Ordering</c>: <c>DateCreated</c> or <c>Priority</c>, each <c>:asc</c> or <c>:desc</c>, comma-separated.</summary>
internal sealed record TaskOrdering(IReadOnlyList<(string Key, bool Descending)> Keys)
{
    public static TaskOrdering? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var keys = new List<(string, bool)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            var key = pieces[0] switch
            {
                "DateCreated" => "DateCreated",
                "Priority" => "Priority",
                _ => throw Invalid(),
            };
            var descending = pieces.Length switch
            {
                1 => false,
                2 when pieces[1].Equals("asc", StringComparison.OrdinalIgnoreCase) => false,
                2 when pieces[1].Equals("desc", StringComparison.OrdinalIgnoreCase) => true,
                _ => throw Invalid(),
            };
            if (keys.Exists(k => k.Item1 == key))
            {
                throw Invalid();
            }

            keys.Add((key, descending));
        }

        return new TaskOrdering(keys);
    }

    /// <summary>Orders by the keys given, then oldest first, then by sid so pages never overlap.</summary>
    public IOrderedQueryable<WorkTask> Apply(IQueryable<WorkTask> tasks)
    {
        IOrderedQueryable<WorkTask>? ordered = null;
        foreach (var (key, descending) in Keys)
        {
            ordered = (key, descending, ordered) switch
            {
                ("Priority", false, null) => tasks.OrderBy(t => t.Priority),
                ("Priority", true, null) => tasks.OrderByDescending(t => t.Priority),
                ("Priority", false, { } then) => then.ThenBy(t => t.Priority),
                ("Priority", true, { } then) => then.ThenByDescending(t => t.Priority),
                (_, false, null) => tasks.OrderBy(t => t.DateCreated),
                (_, true, null) => tasks.OrderByDescending(t => t.DateCreated),
                (_, false, { } then) => then.ThenBy(t => t.DateCreated),
                (_, true, { } then) => then.ThenByDescending(t => t.DateCreated),
            };
        }

        var byAge = Keys.Any(k => k.Key == "DateCreated") ? ordered! : ordered!.ThenBy(t => t.DateCreated);
        return byAge.ThenBy(t => t.Sid);
    }

    private static ApiException Invalid() =>
        ApiException.Invalid("Ordering", "must be DateCreated or Priority, each optionally :asc or :desc, comma-separated");
}
