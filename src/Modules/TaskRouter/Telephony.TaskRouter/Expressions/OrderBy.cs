using System.Diagnostics.CodeAnalysis;
using Telephony.TaskRouter.Expressions.Evaluation;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions;

/// <summary>A target's <c>order_by</c>: comma-separated <c>worker.x ASC|DESC</c>.</summary>
/// <remarks>
/// Numbers sort by value in the clause's direction; strings follow numbers (ordinal, same direction); a missing key
/// or any other value sorts last whatever the direction, so that workers without the attribute never jump the queue.
/// </remarks>
internal sealed class OrderBy
{
    private readonly OrderClause[] _clauses;

    private OrderBy(string text, OrderClause[] clauses)
    {
        Text = text;
        _clauses = clauses;
    }

    public string Text { get; }

    public IReadOnlyList<OrderClause> Clauses => _clauses;

    /// <summary>Parses; throws <see cref="ExpressionSyntaxException"/> naming the position of the error.</summary>
    public static OrderBy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ExpressionLimits.MaxLength)
        {
            throw new ExpressionSyntaxException(
                $"order_by longer than {ExpressionLimits.MaxLength} characters at {ExpressionLimits.MaxLength}", ExpressionLimits.MaxLength);
        }

        var tokens = Tokenizer.Tokenize(text);
        var next = 0;
        var clauses = new List<OrderClause>();
        while (true)
        {
            var start = tokens[next];
            var key = ExpressionParser.ParseKey(tokens, ref next);
            if (key.Scope is not (KeyScope.Default or KeyScope.Worker))
            {
                throw ExpressionParser.Error("order_by reads worker attributes only", start);
            }

            var descending = false;
            if (tokens[next].IsWord(Keywords.Descending))
            {
                descending = true;
                next++;
            }
            else if (tokens[next].IsWord(Keywords.Ascending))
            {
                next++;
            }

            clauses.Add(new OrderClause(key, descending));
            if (tokens[next].Kind == TokenKind.End)
            {
                return new OrderBy(text, [.. clauses]);
            }

            if (tokens[next].Kind != TokenKind.Comma)
            {
                throw ExpressionParser.Error("expected ',', ASC or DESC", tokens[next]);
            }

            next++;
        }
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out OrderBy? orderBy, [NotNullWhen(false)] out string? error)
    {
        try
        {
            orderBy = Parse(text);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException exception)
        {
            orderBy = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Compares two workers' attributes; negative when <paramref name="left"/> comes first.</summary>
    public int Compare(AttributeSet left, AttributeSet right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        foreach (var clause in _clauses)
        {
            var order = clause.Compare(left, right);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    public override string ToString() => Text;
}

/// <summary>One <c>key ASC|DESC</c> of an order_by.</summary>
internal sealed class OrderClause(KeyNode key, bool descending)
{
    private readonly KeySegment[] _path = KeyResolver.Pooled(key.Path);

    public bool Descending { get; } = descending;

    public int Compare(AttributeSet left, AttributeSet right)
    {
        var a = KeyResolver.Resolve(left.Root, _path);
        var b = KeyResolver.Resolve(right.Root, _path);
        var rankA = Rank(a);
        var rankB = Rank(b);
        if (rankA != rankB)
        {
            return rankA.CompareTo(rankB);
        }

        var order = rankA switch
        {
            0 => a!.Number.CompareTo(b!.Number),
            1 => Math.Sign(string.CompareOrdinal(a!.Text, b!.Text)),
            _ => 0,
        };
        return Descending ? -order : order;
    }

    private static int Rank(AttributeValue? value) => value?.Kind switch
    {
        AttributeKind.Number => 0,
        AttributeKind.String => 1,
        _ => 2,
    };
}
