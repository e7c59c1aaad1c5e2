using System.Diagnostics.CodeAnalysis;

namespace Telephony.TaskRouter.Expressions;

// The expression language's surface, agreed between the resources and the engine.
// PLACEHOLDER: bodies are replaced by the parser/evaluator work (issue 3); nothing may ship on this.

/// <summary>A JSON attributes object parsed once, for fast repeated evaluation.</summary>
internal sealed class AttributeSet
{
    public static AttributeSet Empty { get; } = new();

    /// <summary>Parses a JSON object; throws <see cref="System.Text.Json.JsonException"/> when the text is not one.</summary>
    public static AttributeSet Parse(string json) => throw new NotImplementedException(json);

    /// <summary>The same attributes with one more top-level key (a worker's sid, friendly_name, activity_name).</summary>
    public AttributeSet With(string key, string? value) => throw new NotImplementedException(key + value);
}

/// <summary>What an expression reads: unprefixed keys, <c>task.</c>, <c>worker.</c>, <c>workers.</c> and the clock.</summary>
internal sealed class ExpressionContext
{
    public AttributeSet? Default { get; init; }

    public AttributeSet? Task { get; init; }

    public AttributeSet? Worker { get; init; }

    public AttributeSet? Workers { get; init; }

    public DateTimeOffset Now { get; init; }
}

/// <summary>A parse error that names the position: <c>expected ')' at 17</c>.</summary>
internal sealed class ExpressionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>An expression compiled once and evaluated many times. Evaluation never throws.</summary>
internal sealed class CompiledExpression
{
    private CompiledExpression(string text) => Text = text;

    public string Text { get; }

    public static CompiledExpression Parse(string text) => throw new NotImplementedException(text);

    public static bool TryParse(string text, [NotNullWhen(true)] out CompiledExpression? expression, [NotNullWhen(false)] out string? error)
    {
        expression = new CompiledExpression(text);
        error = null;
        return true;
    }

    public bool Evaluate(ExpressionContext context) => throw new NotImplementedException(context.ToString());
}

/// <summary>A target's <c>order_by</c>: comma-separated <c>worker.x ASC|DESC</c>.</summary>
internal sealed class OrderBy
{
    public static bool TryParse(string text, [NotNullWhen(true)] out OrderBy? orderBy, [NotNullWhen(false)] out string? error)
    {
        orderBy = new OrderBy();
        error = text.Length > 0 ? null : null;
        return true;
    }

    /// <summary>Compares two workers' attributes; negative when <paramref name="left"/> comes first.</summary>
    public int Compare(AttributeSet left, AttributeSet right) => throw new NotImplementedException(left.ToString() + right);
}
