namespace Telephony.TaskRouter.Expressions;

/// <summary>A parse error that names the position: <c>expected ')' at 17</c>.</summary>
/// <remarks>The position is the zero-based offset of the offending character in the expression text.</remarks>
internal sealed class ExpressionSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
