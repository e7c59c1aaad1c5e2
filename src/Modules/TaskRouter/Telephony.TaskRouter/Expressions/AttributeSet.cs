using System.Text.Json;

namespace Telephony.TaskRouter.Expressions;

/// <summary>A JSON attributes object parsed once, for fast repeated evaluation.</summary>
internal sealed class AttributeSet
{
    private AttributeSet(AttributeValue root) => Root = root;

    public static AttributeSet Empty { get; } = new(AttributeValue.EmptyObject);

    /// <summary>The top-level object.</summary>
    public AttributeValue Root { get; }

    /// <summary>Parses a JSON object; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static AttributeSet Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Attributes must be a JSON object, not {document.RootElement.ValueKind}.");
        }

        return new AttributeSet(Read(document.RootElement));
    }

    /// <summary>The same attributes with one more top-level key (a worker's sid, friendly_name, activity_name).</summary>
    public AttributeSet With(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new AttributeSet(Root.WithMember(key, AttributeValue.Of(value)));
    }

    /// <summary>The same attributes with one more top-level number (the <c>workers.</c> counts of a skip_if).</summary>
    public AttributeSet With(string key, double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new AttributeSet(Root.WithMember(key, AttributeValue.Of(value)));
    }

    // JsonDocument refuses nesting deeper than 64, so this recursion is bounded.
    private static AttributeValue Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => AttributeValue.ObjectOf(
            [.. element.EnumerateObject().Select(property => new KeyValuePair<string, AttributeValue>(property.Name, Read(property.Value)))]),
        JsonValueKind.Array => AttributeValue.ArrayOf([.. element.EnumerateArray().Select(Read)]),
        JsonValueKind.String => AttributeValue.Of(element.GetString()),
        JsonValueKind.Number => AttributeValue.Of(element.GetDouble()),
        JsonValueKind.True => AttributeValue.True,
        JsonValueKind.False => AttributeValue.False,
        _ => AttributeValue.Null,
    };
}
