using Telephony.TaskRouter.Expressions;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Tests.Expressions;

/// <summary>
/// Every operator, over every pairing of a small but complete set of values, gives the same answer compiled
/// (with its shortcuts) as the plain interpreter does.
/// </summary>
public sealed class CompiledEvaluatorAgreementTests
{
    // Attribute values of every kind, including equal values of different kinds ("2" and 2) and the empty cases.
    private static readonly string?[] AttributeValues =
    [
        null, "null", "true", "false", "-2", "0", "2", "2.5", "\"\"", "\"x\"", "\"xy\"", "\"2\"", "\"02\"",
        "[]", "[\"x\"]", "[\"x\", 2]", "[\"xy\", null]", "[[\"x\"]]", "{\"a\": \"x\"}",
    ];

    // Constants as an expression writes them, arrays included.
    private static readonly string[] Constants =
        ["null", "true", "false", "-2", "0", "2", "2.0", "2.5", "''", "'x'", "'xy'", "'2'", "'y'", "[]", "['x']", "['x', 2]", "[2, 'y']", "[null]"];

    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">=", "IN", "NOT IN", "HAS", "CONTAINS"];

    [Fact]
    public void A_key_against_a_constant_on_either_side()
    {
        var disagreements = new List<string>();
        foreach (var value in AttributeValues)
        {
            var context = ContextWith(("a", value));
            foreach (var op in Operators)
            {
                foreach (var constant in Constants)
                {
                    Check($"a {op} {constant}", context, disagreements);
                    Check($"{constant} {op} a", context, disagreements);
                    Check($"a.a {op} {constant}", context, disagreements);
                    Check($"a[0] {op} {constant}", context, disagreements);
                }
            }
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void A_key_against_a_key()
    {
        var disagreements = new List<string>();
        foreach (var left in AttributeValues)
        {
            foreach (var right in AttributeValues)
            {
                var context = ContextWith(("a", left), ("b", right));
                foreach (var op in Operators)
                {
                    Check($"a {op} b", context, disagreements);
                }
            }
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void A_value_standing_alone()
    {
        var disagreements = new List<string>();
        foreach (var value in AttributeValues)
        {
            var context = ContextWith(("a", value));
            Check("a", context, disagreements);
            Check("NOT a", context, disagreements);
        }

        disagreements.Should().BeEmpty();
    }

    private static void Check(string text, ExpressionContext context, List<string> disagreements)
    {
        var expression = CompiledExpression.Parse(text);
        var compiled = expression.Evaluate(context);
        var interpreted = ReferenceEvaluator.Evaluate(expression.Syntax, context);
        if (compiled != interpreted)
        {
            disagreements.Add($"{text} over {context.Default!.Root}: compiled {compiled}, interpreted {interpreted}");
        }
    }

    private static ExpressionContext ContextWith(params (string Key, string? Json)[] members)
    {
        var json = "{" + string.Join(", ", members.Where(m => m.Json is not null).Select(m => $"\"{m.Key}\": {m.Json}")) + "}";
        return new ExpressionContext { Default = AttributeSet.Parse(json) };
    }
}
