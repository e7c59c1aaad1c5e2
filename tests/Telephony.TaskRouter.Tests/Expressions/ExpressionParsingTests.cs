using Telephony.TaskRouter.Expressions;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class ExpressionParsingTests
{
    [Theory]
    [InlineData("(a == 1 AND b == 2", "expected ')' at 18")]
    [InlineData("(skills HAS 'a'", "expected ')' at 15")]
    [InlineData("((a == 1) OR (b == 2)", "expected ')' at 21")]
    [InlineData("a ==", "expected a value at 4")]
    [InlineData("a == AND b", "expected a value at 5")]
    [InlineData("AND a", "expected a value at 0")]
    [InlineData("a AND", "expected a value at 5")]
    [InlineData("NOT", "expected a value at 3")]
    [InlineData("a IN", "expected a value at 4")]
    [InlineData("", "expected an expression at 0")]
    [InlineData("   ", "expected an expression at 3")]
    [InlineData("a == 1 b", "unexpected 'b' at 7")]
    [InlineData("a == 1 == 2", "unexpected '==' at 7")]
    [InlineData("a == 1)", "unexpected ')' at 6")]
    [InlineData("a NOT b", "unexpected 'NOT' at 2")]
    [InlineData("a == 'abc", "unterminated string at 5")]
    [InlineData("a == \"abc'", "unterminated string at 5")]
    [InlineData("a # 1", "unexpected character '#' at 2")]
    [InlineData("a & b", "unexpected character '&' at 2")]
    [InlineData("a | b", "unexpected character '|' at 2")]
    [InlineData("skills-level == 1", "unexpected character '-' at 6")]
    [InlineData("a IN [1, b]", "expected a constant at 9")]
    [InlineData("a IN [1, 2", "expected ']' at 10")]
    [InlineData("a IN [1,]", "expected a constant at 8")]
    [InlineData("a IN [[1]]", "expected a constant at 6")]
    [InlineData("a. == 1", "expected a key name after '.' at 3")]
    [InlineData("a.1 == 1", "expected a key name after '.' at 2")]
    [InlineData("a[-1] == 1", "expected an array index or a quoted key at 2")]
    [InlineData("a[1.5] == 1", "expected an array index or a quoted key at 2")]
    [InlineData("a[b] == 1", "expected an array index or a quoted key at 2")]
    [InlineData("a[0 == 1", "expected ']' at 4")]
    [InlineData("1e999 == 1", "number out of range at 0")]
    [InlineData("x == 1 AND taskrouter.now == 1",
        "unknown key 'taskrouter.now' (known: currentTime, currentHour, currentMin, dayOfWeek) at 11")]
    [InlineData("taskrouter.currentTime.x == 1",
        "unknown key 'taskrouter.currentTime' (known: currentTime, currentHour, currentMin, dayOfWeek) at 0")]
    public void Errors_name_what_was_expected_and_where(string expression, string message)
    {
        var parse = () => CompiledExpression.Parse(expression);
        var error = parse.Should().Throw<ExpressionSyntaxException>().Which;
        error.Message.Should().Be(message);
        error.Position.Should().Be(int.Parse(message[(message.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParse_reports_the_error_instead_of_throwing()
    {
        CompiledExpression.TryParse("(a == 1", out var expression, out var error).Should().BeFalse();
        expression.Should().BeNull();
        error.Should().Be("expected ')' at 7");

        CompiledExpression.TryParse("a == 1", out expression, out error).Should().BeTrue();
        expression!.Text.Should().Be("a == 1");
        error.Should().BeNull();
    }

    [Fact]
    public void Text_longer_than_4096_characters_is_refused()
    {
        var longest = "a == '" + new string('x', ExpressionLimits.MaxLength - 7) + "'";
        longest.Should().HaveLength(ExpressionLimits.MaxLength);
        CompiledExpression.Parse(longest).Evaluate(new ExpressionContext()).Should().BeFalse();

        var parse = () => CompiledExpression.Parse(longest + " ");
        parse.Should().Throw<ExpressionSyntaxException>().WithMessage("expression longer than 4096 characters at 4096");
    }

    [Fact]
    public void Nesting_is_limited_without_exhausting_the_stack()
    {
        var deepest = new string('(', ExpressionLimits.MaxDepth) + "1 == 1" + new string(')', ExpressionLimits.MaxDepth);
        CompiledExpression.Parse(deepest).Evaluate(new ExpressionContext()).Should().BeTrue();

        var parens = () => CompiledExpression.Parse(new string('(', 2000) + "1 == 1" + new string(')', 2000));
        parens.Should().Throw<ExpressionSyntaxException>().WithMessage("nesting deeper than 64 at 64");

        var nots = () => CompiledExpression.Parse(string.Concat(Enumerable.Repeat("NOT ", 1000)) + "true");
        nots.Should().Throw<ExpressionSyntaxException>().WithMessage("nesting deeper than 64 at 256");

        var bangs = () => CompiledExpression.Parse(new string('!', 4000) + "true");
        bangs.Should().Throw<ExpressionSyntaxException>().WithMessage("nesting deeper than 64 at 64");
    }

    [Fact]
    public void A_long_chain_is_not_deep()
    {
        var clauses = Enumerable.Range(0, 300).Select(i => $"a != {i}").ToList();
        var chain = string.Join(" AND ", clauses);
        chain.Length.Should().BeLessThan(ExpressionLimits.MaxLength);

        var expression = CompiledExpression.Parse(chain);

        expression.Evaluate(Context("""{"a": 1000}""")).Should().BeTrue();
        expression.Evaluate(Context("""{"a": 299}""")).Should().BeFalse();
        expression.Syntax.Should().BeOfType<AndNode>().Which.Operands.Should().HaveCount(300);
        CompiledExpression.Parse(expression.Syntax.ToString()).Syntax.Should().Be(expression.Syntax);
    }

    [Fact]
    public void And_binds_tighter_than_or_and_not_tighter_than_and()
    {
        Syntax("a OR b AND NOT c").Should().Be(
            new OrNode(List(Truth("a"), new AndNode(List(Truth("b"), new NotNode(Truth("c")))))));
        Syntax("NOT a == 1").Should().Be(new NotNode(new ComparisonNode(Key("a"), ComparisonOperator.Equal, ConstantNode.Of(1))));
        Syntax("(a OR b) AND c").Should().Be(new AndNode(List(new OrNode(List(Truth("a"), Truth("b"))), Truth("c"))));
        Syntax("a AND b AND c").Should().Be(new AndNode(List(Truth("a"), Truth("b"), Truth("c"))));
        Syntax("a AND (b AND c)").Should().Be(new AndNode(List(Truth("a"), new AndNode(List(Truth("b"), Truth("c"))))));
    }

    [Fact]
    public void Spellings_of_the_same_expression_give_the_same_tree()
    {
        Syntax("a = 1 && b || !c").Should().Be(Syntax("((a == 1) AND b) OR NOT c"));
        Syntax("x not in ['a', \"b\"]").Should().Be(Syntax("x NOT IN [\"a\", 'b']"));
        Syntax("team['name']").Should().Be(Syntax("team.name"));
        Syntax("0800 == 800.0").Should().Be(Syntax("8e2 == 800"));
        Syntax("task.type == 'x'").Should().NotBe(Syntax("type == 'x'"));
    }

    [Theory]
    [InlineData("1==1", "1 == 1")]
    [InlineData("a = 'x'", "a == \"x\"")]
    [InlineData("a && b || !c", "a AND b OR NOT c")]
    [InlineData("not (a or b)", "NOT (a OR b)")]
    [InlineData("NOT NOT a", "NOT NOT a")]
    [InlineData("a AND (b AND c)", "a AND (b AND c)")]
    [InlineData("(a OR b) AND (c OR d)", "(a OR b) AND (c OR d)")]
    [InlineData("((a))", "a")]
    [InlineData("x not in ['a',\"b\", 1.5, true, null]", "x NOT IN [\"a\", \"b\", 1.5, true, null]")]
    [InlineData("x in []", "x IN []")]
    [InlineData("team['my-key'][0].in", "team[\"my-key\"][0].in")]
    [InlineData("team['name']", "team.name")]
    [InlineData("worker['k'] == task['x'].y", "worker[\"k\"] == task[\"x\"].y")]
    [InlineData("s == 'it\\'s'", "s == \"it's\"")]
    [InlineData("s == \"say \\\"hi\\\"\"", "s == \"say \\\"hi\\\"\"")]
    [InlineData("s == 'C:\\path'", "s == \"C:\\\\path\"")]
    [InlineData("0800 == x", "800 == x")]
    [InlineData("x > -0.25", "x > -0.25")]
    [InlineData("x < 1e21", "x < 1E+21")]
    [InlineData("task.a HAS worker.b", "task.a HAS worker.b")]
    [InlineData("workers.available == 0", "workers.available == 0")]
    [InlineData("taskrouter.dayOfWeek contains 'u'", "taskrouter.dayOfWeek CONTAINS \"u\"")]
    public void Printing_gives_canonical_text_that_parses_to_the_same_tree(string expression, string printed)
    {
        var syntax = Syntax(expression);
        syntax.ToString().Should().Be(printed);
        Syntax(printed).Should().Be(syntax);
    }

    [Theory]
    [InlineData("s == 'C:\\path'", "C:\\path")]
    [InlineData("s == 'a\\\\b'", "a\\b")]
    [InlineData("s == 'it\\'s'", "it's")]
    [InlineData("s == \"it's\"", "it's")]
    [InlineData("s == 'say \"hi\"'", "say \"hi\"")]
    [InlineData("s == 'tab\\there'", "tab\\there")]
    public void Strings_take_either_quote_and_a_backslash_escapes_only_quotes_and_itself(string expression, string value) =>
        Syntax(expression).Should().Be(new ComparisonNode(Key("s"), ComparisonOperator.Equal, ConstantNode.Of(value)));

    internal static ExpressionNode Syntax(string expression) => CompiledExpression.Parse(expression).Syntax;

    private static NodeList<ExpressionNode> List(params ExpressionNode[] nodes) => new(nodes);

    private static KeyNode Key(string name) => new(KeyScope.Default, new NodeList<KeySegment>([KeySegment.Member(name)]));

    private static TruthNode Truth(string name) => new(Key(name));

    private static ExpressionContext Context(string json) => new() { Default = AttributeSet.Parse(json) };
}
