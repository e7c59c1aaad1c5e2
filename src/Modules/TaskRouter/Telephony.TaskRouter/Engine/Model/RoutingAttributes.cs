using System.Text.Json;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Engine.Model;

/// <summary>
/// A task's or worker's JSON attributes. Predicates read them either as a <see cref="JsonElement"/>
/// (C# predicates) or as the expression language's <see cref="AttributeSet"/>; each view is parsed
/// once, on first use, under the workspace lock.
/// </summary>
internal sealed class RoutingAttributes(string json)
{
    private JsonElement? _root;
    private AttributeSet? _expressionView;

    public string Json { get; } = json;

    public JsonElement Root => _root ??= ParseRoot(Json);

    public AttributeSet ExpressionView => _expressionView ??= AttributeSet.Parse(Json);

    /// <summary>The top-level property as text (strings as-is, other values as their JSON), or null when absent.</summary>
    public string? Text(string name) =>
        Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>The top-level property as a number, or null when absent or not a number.</summary>
    public double? Number(string name) =>
        Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static JsonElement ParseRoot(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
