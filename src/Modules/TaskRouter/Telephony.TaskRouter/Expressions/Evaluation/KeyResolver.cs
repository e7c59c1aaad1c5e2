using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions.Evaluation;

/// <summary>Walks a key path through attributes; any step that does not fit (no member, no index) gives null.</summary>
internal static class KeyResolver
{
    /// <summary>The path with its member names taken from the pool, so that lookups succeed on the reference check.</summary>
    public static KeySegment[] Pooled(IEnumerable<KeySegment> path) =>
        [.. path.Select(segment => segment.Name is { } name ? KeySegment.Member(ValuePool.Name(name)) : segment)];

    public static AttributeValue? Resolve(AttributeValue? root, KeySegment[] path)
    {
        var value = root;
        for (var i = 0; i < path.Length && value is not null; i++)
        {
            var segment = path[i];
            value = segment.Name is { } name ? value.Member(name) : value.Element(segment.Index);
        }

        return value;
    }
}
