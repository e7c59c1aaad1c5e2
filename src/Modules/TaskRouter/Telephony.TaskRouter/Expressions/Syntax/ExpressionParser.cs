namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>
/// Recursive descent over the tokens. Precedence, loosest first: OR, AND, NOT, comparison.
/// <code>
/// or         := and (("OR" | "||") and)*
/// and        := unary (("AND" | "&amp;&amp;") unary)*
/// unary      := ("NOT" | "!") unary | "(" or ")" | comparison
/// comparison := operand (operator operand)?
/// operator   := "==" | "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "IN" | "NOT" "IN" | "HAS" | "CONTAINS"
/// operand    := string | number | "true" | "false" | "null" | array | key
/// array      := "[" (constant ("," constant)*)? "]"
/// key        := word ("." word | "[" index "]" | "[" string "]")*
/// </code>
/// </summary>
internal sealed class ExpressionParser
{
    private readonly List<Token> _tokens;
    private int _next;

    private ExpressionParser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_next];

    /// <summary>Parses a whole expression; throws <see cref="ExpressionSyntaxException"/> naming the position.</summary>
    public static ExpressionNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ExpressionLimits.MaxLength)
        {
            throw new ExpressionSyntaxException(
                $"expression longer than {ExpressionLimits.MaxLength} characters at {ExpressionLimits.MaxLength}", ExpressionLimits.MaxLength);
        }

        var parser = new ExpressionParser(Tokenizer.Tokenize(text));
        if (parser.Current.Kind == TokenKind.End)
        {
            throw Error("expected an expression", parser.Current);
        }

        var expression = parser.ParseOr(depth: 0);
        return parser.Current.Kind == TokenKind.End ? expression : throw Unexpected(parser.Current);
    }

    /// <summary>Reads one key path at the current token (shared with order_by).</summary>
    public static KeyNode ParseKey(List<Token> tokens, ref int next)
    {
        var parser = new ExpressionParser(tokens) { _next = next };
        var key = parser.Current.Kind == TokenKind.Word && !Keywords.IsReserved(parser.Current.Text)
            ? parser.ParseKey()
            : throw Error("expected a key", parser.Current);
        next = parser._next;
        return key;
    }

    public static ExpressionSyntaxException Error(string what, Token at) => new($"{what} at {at.Position}", at.Position);

    public static ExpressionSyntaxException Unexpected(Token at) => Error($"unexpected {at.Describe()}", at);

    private ExpressionNode ParseOr(int depth)
    {
        var first = ParseAnd(depth);
        if (!IsOr(Current))
        {
            return first;
        }

        var operands = new List<ExpressionNode> { first };
        while (IsOr(Current))
        {
            _next++;
            operands.Add(ParseAnd(depth));
        }

        return new OrNode(new NodeList<ExpressionNode>(operands));
    }

    private ExpressionNode ParseAnd(int depth)
    {
        var first = ParseUnary(depth);
        if (!IsAnd(Current))
        {
            return first;
        }

        var operands = new List<ExpressionNode> { first };
        while (IsAnd(Current))
        {
            _next++;
            operands.Add(ParseUnary(depth));
        }

        return new AndNode(new NodeList<ExpressionNode>(operands));
    }

    private ExpressionNode ParseUnary(int depth)
    {
        var token = Current;
        if (token.Kind == TokenKind.Bang || token.IsWord(Keywords.Not))
        {
            EnsureDepth(depth, token);
            _next++;
            return new NotNode(ParseUnary(depth + 1));
        }

        if (token.Kind == TokenKind.LeftParen)
        {
            EnsureDepth(depth, token);
            _next++;
            var inner = ParseOr(depth + 1);
            Expect(TokenKind.RightParen, "expected ')'");
            return inner;
        }

        var left = ParseOperand();
        var comparison = ReadOperator();
        return comparison is { } op ? new ComparisonNode(left, op, ParseOperand()) : new TruthNode(left);
    }

    private ComparisonOperator? ReadOperator()
    {
        var token = Current;
        ComparisonOperator? op = token.Kind switch
        {
            TokenKind.Equal => ComparisonOperator.Equal,
            TokenKind.NotEqual => ComparisonOperator.NotEqual,
            TokenKind.Less => ComparisonOperator.Less,
            TokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
            TokenKind.Greater => ComparisonOperator.Greater,
            TokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
            _ when token.IsWord(Keywords.In) => ComparisonOperator.In,
            _ when token.IsWord(Keywords.Has) => ComparisonOperator.Has,
            _ when token.IsWord(Keywords.Contains) => ComparisonOperator.Contains,
            _ when token.IsWord(Keywords.Not) && _tokens[_next + 1].IsWord(Keywords.In) => ComparisonOperator.NotIn,
            _ => null,
        };
        _next += op switch
        {
            null => 0,
            ComparisonOperator.NotIn => 2,
            _ => 1,
        };
        return op;
    }

    private OperandNode ParseOperand()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LeftBracket:
                return ParseArray();
            case TokenKind.Word when !Keywords.IsReserved(token.Text):
                return ParseKey();
            default:
                var constant = TryConstant(token) ?? throw Error("expected a value", token);
                _next++;
                return constant;
        }
    }

    private static ConstantNode? TryConstant(Token token) => token.Kind switch
    {
        TokenKind.String => ConstantNode.Of(token.Text),
        TokenKind.Number => ConstantNode.Of(token.Number),
        _ when token.IsWord(Keywords.True) => ConstantNode.Of(true),
        _ when token.IsWord(Keywords.False) => ConstantNode.Of(false),
        _ when token.IsWord(Keywords.Null) => ConstantNode.Null,
        _ => null,
    };

    private ArrayNode ParseArray()
    {
        _next++;
        var items = new List<ConstantNode>();
        if (Current.Kind != TokenKind.RightBracket)
        {
            while (true)
            {
                items.Add(TryConstant(Current) ?? throw Error("expected a constant", Current));
                _next++;
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                _next++;
            }
        }

        Expect(TokenKind.RightBracket, "expected ']'");
        return new ArrayNode(new NodeList<ConstantNode>(items));
    }

    private KeyNode ParseKey()
    {
        var first = Current;
        _next++;
        var scope = Current.Kind == TokenKind.Dot ? ScopeOf(first.Text) : KeyScope.Default;
        var path = new List<KeySegment>();
        if (scope == KeyScope.Default)
        {
            path.Add(KeySegment.Member(first.Text));
        }

        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                _next++;
                var name = Current.Kind == TokenKind.Word ? Current.Text : throw Error("expected a key name after '.'", Current);
                path.Add(KeySegment.Member(name));
                _next++;
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                _next++;
                path.Add(ReadBracketSegment());
                Expect(TokenKind.RightBracket, "expected ']'");
            }
            else
            {
                break;
            }
        }

        if (scope == KeyScope.Clock && (path.Count != 1 || path[0].Name is not { } clock || !ClockKeys.IsKnown(clock)))
        {
            throw Error(
                $"unknown key '{ClockKeys.Prefix}.{path[0].Name}' (known: {ClockKeys.CurrentTime}, {ClockKeys.CurrentHour}, {ClockKeys.CurrentMinute}, {ClockKeys.DayOfWeek})",
                first);
        }

        return new KeyNode(scope, new NodeList<KeySegment>(path));
    }

    private KeySegment ReadBracketSegment()
    {
        var token = Current;
        _next++;
        return token.Kind switch
        {
            TokenKind.String => KeySegment.Member(token.Text),
            TokenKind.Number when token.Number >= 0 && token.Number <= int.MaxValue && Math.Floor(token.Number) == token.Number
                => KeySegment.At((int)token.Number),
            _ => throw Error("expected an array index or a quoted key", token),
        };
    }

    public static bool IsScopeWord(string word) => ScopeOf(word) != KeyScope.Default;

    private static KeyScope ScopeOf(string word) => word switch
    {
        "task" => KeyScope.Task,
        "worker" => KeyScope.Worker,
        "workers" => KeyScope.Workers,
        ClockKeys.Prefix => KeyScope.Clock,
        _ => KeyScope.Default,
    };

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Error(what, Current);
        }

        _next++;
    }

    private static void EnsureDepth(int depth, Token at)
    {
        if (depth >= ExpressionLimits.MaxDepth)
        {
            throw Error($"nesting deeper than {ExpressionLimits.MaxDepth}", at);
        }
    }

    private static bool IsOr(Token token) => token.Kind == TokenKind.OrSymbol || token.IsWord(Keywords.Or);

    private static bool IsAnd(Token token) => token.Kind == TokenKind.AndSymbol || token.IsWord(Keywords.And);
}
