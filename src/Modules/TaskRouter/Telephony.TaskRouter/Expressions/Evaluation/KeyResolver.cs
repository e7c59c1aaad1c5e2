using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions.Evaluation;

/// <summary>Walks a key path through attributes; any step that does not fit (no member, no index) gives null.</summary>
internal static class KeyResolver
{
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
