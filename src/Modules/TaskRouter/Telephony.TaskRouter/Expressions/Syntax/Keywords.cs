namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>The words the language reserves (matched case-insensitively) and what a bare key may look like.</summary>
internal static class Keywords
{
    public const string And = "AND";
    public const string Or = "OR";
    public const string Not = "NOT";
    public const string In = "IN";
    public const string Has = "HAS";
    public const string Contains = "CONTAINS";
    public const string True = "true";
    public const string False = "false";
    public const string Null = "null";
    public const string Ascending = "ASC";
    public const string Descending = "DESC";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        And, Or, Not, In, Has, Contains, True, False, Null,
    };

    public static bool IsReserved(string word) => Reserved.Contains(word);

    public static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    public static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>True when the text reads back as one word token (a key segment written after a dot).</summary>
    public static bool IsWord(string text)
    {
        if (text.Length == 0 || !IsWordStart(text[0]))
        {
            return false;
        }

        foreach (var c in text.AsSpan(1))
        {
            if (!IsWordPart(c))
            {
                return false;
            }
        }

        return true;
    }
}
