using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Telephony.TaskRouter.Expressions;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class ExpressionPropertyTests
{
    [Property(MaxTest = 1000)]
    public Property Printing_a_tree_and_parsing_it_gives_the_same_tree() =>
        Prop.ForAll(ExpressionGenerators.Expression.ToArbitrary(), tree =>
        {
            var printed = ExpressionPrinter.Print(tree);
            if (printed.Length > ExpressionLimits.MaxLength)
            {
                return !CompiledExpression.TryParse(printed, out _, out var error) && error.StartsWith("expression longer", StringComparison.Ordinal);
            }

            var reparsed = ExpressionParser.Parse(printed);
            return reparsed.Equals(tree) && ExpressionPrinter.Print(reparsed) == printed;
        });

    [Property(MaxTest = 2000)]
    public Property Random_token_sequences_parse_or_fail_with_a_syntax_error_only() =>
        Prop.ForAll(ExpressionGenerators.TokenSoup.ToArbitrary(), ParsesOrFailsCleanly);

    [Property(MaxTest = 2000)]
    public Property Random_characters_parse_or_fail_with_a_syntax_error_only() =>
        Prop.ForAll(ExpressionGenerators.CharacterSoup.ToArbitrary(), ParsesOrFailsCleanly);

    [Property(MaxTest = 500)]
    public Property Any_string_parses_or_fails_with_a_syntax_error_only() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(text => text is not null), ParsesOrFailsCleanly);

    [Property(MaxTest = 1000)]
    public Property Random_expressions_over_random_attributes_evaluate_without_throwing() =>
        Prop.ForAll(ExpressionGenerators.Expression.ToArbitrary(), ExpressionGenerators.AttributesJson.ToArbitrary(), (tree, json) =>
        {
            if (!CompiledExpression.TryParse(ExpressionPrinter.Print(tree), out var expression, out _))
            {
                return true;
            }

            var context = ExpressionGenerators.Context(json);
            var result = expression.Evaluate(context);
            var negated = CompiledExpression.Parse($"NOT ({expression.Syntax})").Evaluate(context);
            return result != negated;
        });

    [Property(MaxTest = 1000)]
    public Property The_compiled_evaluator_agrees_with_a_plain_interpreter() =>
        Prop.ForAll(ExpressionGenerators.Expression.ToArbitrary(), ExpressionGenerators.AttributesJson.ToArbitrary(), Agree);

    [Property(MaxTest = 3000)]
    public Property The_compiled_evaluator_agrees_with_a_plain_interpreter_where_values_often_meet() =>
        Prop.ForAll(ExpressionGenerators.FocusedExpression.ToArbitrary(), ExpressionGenerators.FocusedAttributesJson.ToArbitrary(), Agree);

    private static bool Agree(ExpressionNode tree, string json)
    {
        if (!CompiledExpression.TryParse(ExpressionPrinter.Print(tree), out var expression, out _))
        {
            return true;
        }

        var context = ExpressionGenerators.Context(json);
        return expression.Evaluate(context) == ReferenceEvaluator.Evaluate(tree, context);
    }

    [Property(MaxTest = 300)]
    public Property Random_order_by_text_parses_or_fails_with_a_syntax_error_only() =>
        Prop.ForAll(ExpressionGenerators.TokenSoup.ToArbitrary(), ExpressionGenerators.AttributesJson.ToArbitrary(), (text, json) =>
        {
            if (!OrderBy.TryParse(text, out var orderBy, out var error))
            {
                return error.Length > 0;
            }

            var attributes = AttributeSet.Parse(json);
            return orderBy.Compare(attributes, attributes) == 0;
        });

    private static bool ParsesOrFailsCleanly(string text)
    {
        ExpressionNode tree;
        try
        {
            tree = ExpressionParser.Parse(text);
        }
        catch (ExpressionSyntaxException error)
        {
            return error.Position >= 0 && error.Position <= text.Length && error.Message.EndsWith($" at {error.Position}", StringComparison.Ordinal);
        }

        var reparsed = ExpressionParser.Parse(ExpressionPrinter.Print(tree));
        _ = CompiledExpression.Parse(text).Evaluate(ExpressionGenerators.Context("""{"a": [1, "x"], "skills": {"in": true}}"""));
        return reparsed.Equals(tree);
    }
}
