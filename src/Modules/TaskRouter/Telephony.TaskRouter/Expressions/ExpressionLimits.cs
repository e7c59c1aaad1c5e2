namespace Telephony.TaskRouter.Expressions;

internal static class ExpressionLimits
{
    /// <summary>Longest expression text accepted: the size of Twilio's attributes, which expressions are written against.</summary>
    public const int MaxLength = 4096;

    /// <summary>Deepest nesting of parentheses and NOTs; keeps parsing and evaluation far from the stack's end.</summary>
    public const int MaxDepth = 64;
}
