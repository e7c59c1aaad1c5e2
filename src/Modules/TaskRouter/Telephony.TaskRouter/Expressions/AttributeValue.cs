using System.Globalization;

namespace Telephony.TaskRouter.Expressions;

internal enum AttributeKind
{
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

/// <summary>
/// One JSON value, read once into a compact tree so that evaluation does no parsing and no allocation.
/// A single class with a kind (rather than a class per kind) keeps the evaluator free of type tests.
/// </summary>
internal sealed class AttributeValue
{
    // Small objects are scanned linearly: cheaper than hashing the key for the handful of members workers have.
    private const int LinearScanLimit = 8;

    // An object's members as one array of name/value pairs: a worker's top level is one or two cache lines.
    private readonly KeyValuePair<string, AttributeValue>[]? _members;
    private readonly Dictionary<string, AttributeValue>? _index;

    private AttributeValue(AttributeKind kind, double number = 0, string? text = null, AttributeValue[]? items = null)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Items = items;
    }

    private AttributeValue(KeyValuePair<string, AttributeValue>[] members)
    {
        Kind = AttributeKind.Object;
        _members = members;
        if (members.Length > LinearScanLimit)
        {
            _index = new Dictionary<string, AttributeValue>(members, StringComparer.Ordinal);
        }
    }

    public static AttributeValue Null { get; } = new(AttributeKind.Null);

    public static AttributeValue True { get; } = new(AttributeKind.Boolean, number: 1);

    public static AttributeValue False { get; } = new(AttributeKind.Boolean, number: 0);

    public static AttributeValue EmptyObject { get; } = new(members: []);

    public AttributeKind Kind { get; }

    /// <summary>The value of a number; 1 or 0 for a boolean.</summary>
    public double Number { get; }

    /// <summary>The value of a string.</summary>
    public string? Text { get; }

    /// <summary>The elements of an array.</summary>
    public AttributeValue[]? Items { get; }

    public bool IsScalar => Kind is not (AttributeKind.Array or AttributeKind.Object);

    public bool IsTrue => Kind == AttributeKind.Boolean && Number != 0;

    /// <summary>The names of an object's members, in document order (a repeated name keeps its last value).</summary>
    public IReadOnlyList<string> MemberNames => _members is null ? [] : [.. _members.Select(member => member.Key)];

    public static AttributeValue Of(bool value) => value ? True : False;

    public static AttributeValue Of(double value) => ValuePool.Number(value);

    public static AttributeValue Of(string? value) => value is null ? Null : ValuePool.String(value);

    /// <summary>A new, unshared number node; <see cref="Of(double)"/> shares small integers.</summary>
    public static AttributeValue CreateNumber(double value) => new(AttributeKind.Number, number: value);

    /// <summary>A new, unshared string node; <see cref="Of(string)"/> shares short strings.</summary>
    public static AttributeValue CreateString(string value) => new(AttributeKind.String, text: value);

    public static AttributeValue ArrayOf(AttributeValue[] items) => new(AttributeKind.Array, items: items);

    /// <summary>An object from its members; a repeated name keeps its last value, as JSON readers commonly do.</summary>
    public static AttributeValue ObjectOf(IReadOnlyList<KeyValuePair<string, AttributeValue>> members)
    {
        var unique = new List<KeyValuePair<string, AttributeValue>>(members.Count);
        var positions = new Dictionary<string, int>(members.Count, StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            if (positions.TryGetValue(name, out var existing))
            {
                unique[existing] = new(unique[existing].Key, value);
            }
            else
            {
                positions[name] = unique.Count;
                unique.Add(new(ValuePool.Name(name), value));
            }
        }

        return new AttributeValue([.. unique]);
    }

    /// <summary>The member's value, or null when this is not an object or has no such member.</summary>
    public AttributeValue? Member(string name)
    {
        var members = _members;
        if (members is null)
        {
            return null;
        }

        if (_index is not null)
        {
            return _index.GetValueOrDefault(name);
        }

        // Names are pooled (ValuePool), so the reference check almost always decides; compare text only when it fails.
        for (var i = 0; i < members.Length; i++)
        {
            if (ReferenceEquals(members[i].Key, name))
            {
                return members[i].Value;
            }
        }

        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i].Key, name, StringComparison.Ordinal))
            {
                return members[i].Value;
            }
        }

        return null;
    }

    /// <summary>The element at the index, or null when this is not an array or the index is past its end.</summary>
    public AttributeValue? Element(int index)
    {
        var items = Items;
        return items is not null && (uint)index < (uint)items.Length ? items[index] : null;
    }

    /// <summary>This object with one member added or replaced.</summary>
    public AttributeValue WithMember(string name, AttributeValue value) => ObjectOf([.. _members ?? [], new(name, value)]);

    public override string ToString() => Kind switch
    {
        AttributeKind.Null => "null",
        AttributeKind.Boolean => IsTrue ? "true" : "false",
        AttributeKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        AttributeKind.String => Text!,
        AttributeKind.Array => $"[{string.Join(", ", Items!.Select(item => item.ToString()))}]",
        _ => $"{{{string.Join(", ", MemberNames)}}}",
    };
}
