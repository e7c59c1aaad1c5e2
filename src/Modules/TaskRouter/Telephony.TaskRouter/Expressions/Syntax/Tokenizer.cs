using System.Globalization;
using System.Text;

namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>Turns expression text into tokens; every token remembers where it starts.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var position = 0;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, ""));
                return tokens;
            }

            var token = Next(text, position);
            tokens.Add(token);
            position = token.End;
        }
    }

    private static Token Next(string text, int start)
    {
        var c = text[start];
        var next = start + 1 < text.Length ? text[start + 1] : '\0';
        return c switch
        {
            '(' => new Token(TokenKind.LeftParen, start, "("),
            ')' => new Token(TokenKind.RightParen, start, ")"),
            '[' => new Token(TokenKind.LeftBracket, start, "["),
            ']' => new Token(TokenKind.RightBracket, start, "]"),
            ',' => new Token(TokenKind.Comma, start, ","),
            '.' => new Token(TokenKind.Dot, start, "."),
            '=' when next == '=' => new Token(TokenKind.Equal, start, "=="),
            '=' => new Token(TokenKind.Equal, start, "="),
            '!' when next == '=' => new Token(TokenKind.NotEqual, start, "!="),
            '!' => new Token(TokenKind.Bang, start, "!"),
            '<' when next == '=' => new Token(TokenKind.LessOrEqual, start, "<="),
            '<' => new Token(TokenKind.Less, start, "<"),
            '>' when next == '=' => new Token(TokenKind.GreaterOrEqual, start, ">="),
            '>' => new Token(TokenKind.Greater, start, ">"),
            '&' when next == '&' => new Token(TokenKind.AndSymbol, start, "&&"),
            '|' when next == '|' => new Token(TokenKind.OrSymbol, start, "||"),
            '"' or '\'' => ReadString(text, start),
            _ when char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(next)) => ReadNumber(text, start),
            _ when Keywords.IsWordStart(c) => ReadWord(text, start),
            _ => throw new ExpressionSyntaxException($"unexpected character '{c}' at {start}", start),
        };
    }

    private static Token ReadWord(string text, int start)
    {
        var end = start + 1;
        while (end < text.Length && Keywords.IsWordPart(text[end]))
        {
            end++;
        }

        return new Token(TokenKind.Word, start, text[start..end]);
    }

    // -?digits(.digits)?([eE][+-]?digits)? : the printer writes numbers in this shape, exponents included.
    private static Token ReadNumber(string text, int start)
    {
        var end = start;
        if (text[end] == '-')
        {
            end++;
        }

        end = SkipDigits(text, end);
        if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
        {
            end = SkipDigits(text, end + 1);
        }

        if (end < text.Length && text[end] is 'e' or 'E')
        {
            var exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                end = SkipDigits(text, exponent);
            }
        }

        var literal = text[start..end];
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value)
            ? new Token(TokenKind.Number, start, literal, value)
            : throw new ExpressionSyntaxException($"number out of range at {start}", start);
    }

    private static int SkipDigits(string text, int position)
    {
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        return position;
    }

    // A backslash escapes the quote, the other quote and itself; before anything else it is an ordinary character,
    // so Windows paths and regular-looking text written for Twilio keep their meaning.
    private static Token ReadString(string text, int start)
    {
        var quote = text[start];
        var value = new StringBuilder();
        var position = start + 1;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == quote)
            {
                return new Token(TokenKind.String, start, value.ToString(), SourceLength: position + 1 - start);
            }

            if (c == '\\' && position + 1 < text.Length && text[position + 1] is '\\' or '"' or '\'')
            {
                value.Append(text[position + 1]);
                position += 2;
                continue;
            }

            value.Append(c);
            position++;
        }

        throw new ExpressionSyntaxException($"unterminated string at {start}", start);
    }
}
