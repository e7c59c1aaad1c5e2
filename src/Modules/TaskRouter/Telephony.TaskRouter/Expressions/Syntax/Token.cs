namespace Telephony.TaskRouter.Expressions.Syntax;

internal enum TokenKind
{
    End,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    AndSymbol,
    OrSymbol,
    Bang,
    String,
    Number,
    Word,
}

/// <param name="Text">The source text; for a string, its value with escapes resolved.</param>
/// <param name="SourceLength">How many characters of the source the token spans, when that differs from Text.</param>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, double Number = 0, int SourceLength = -1)
{
    public int End => Position + (SourceLength >= 0 ? SourceLength : Text.Length);

    public bool IsWord(string keyword) =>
        Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How an error message names this token.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => $"string \"{Text}\"",
        _ => $"'{Text}'",
    };
}
