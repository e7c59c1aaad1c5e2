using System.Diagnostics.CodeAnalysis;
using Telephony.TaskRouter.Expressions.Evaluation;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions;

/// <summary>An expression compiled once and evaluated many times. Evaluation never throws.</summary>
internal sealed class CompiledExpression
{
    private readonly Func<ExpressionContext, bool> _evaluate;

    private CompiledExpression(string text, ExpressionNode syntax)
    {
        Text = text;
        Syntax = syntax;
        _evaluate = ExpressionCompiler.Compile(syntax);
    }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>The parsed tree; its <c>ToString()</c> is the canonical text.</summary>
    public ExpressionNode Syntax { get; }

    /// <summary>Parses and compiles; throws <see cref="ExpressionSyntaxException"/> naming the position of the error.</summary>
    public static CompiledExpression Parse(string text) => new(text, ExpressionParser.Parse(text));

    public static bool TryParse(string text, [NotNullWhen(true)] out CompiledExpression? expression, [NotNullWhen(false)] out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException exception)
        {
            expression = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>True when the attributes satisfy the expression; any JSON at all gives true or false, never an exception.</summary>
    public bool Evaluate(ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _evaluate(context);
    }

    public override string ToString() => Text;
}
