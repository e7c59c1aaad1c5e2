using System.Collections;

namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>An immutable list compared by its elements, so that syntax records compare as trees.</summary>
internal sealed class NodeList<T>(IReadOnlyList<T> items) : IReadOnlyList<T>, IEquatable<NodeList<T>>
{
    private readonly T[] _items = [.. items];

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(NodeList<T>? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as NodeList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
