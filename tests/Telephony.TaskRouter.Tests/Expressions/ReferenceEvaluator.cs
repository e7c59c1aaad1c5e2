using System.Globalization;
using Telephony.TaskRouter.Expressions;
using Telephony.TaskRouter.Expressions.Evaluation;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Tests.Expressions;

/// <summary>
/// A plain tree-walking interpreter over <see cref="ValueSemantics"/>: slow and obvious, so that the compiled
/// evaluator's shortcuts can be checked against it on random expressions and attributes.
/// </summary>
internal static class ReferenceEvaluator
{
    public static bool Evaluate(ExpressionNode node, ExpressionContext context) => node switch
    {
        OrNode or => or.Operands.Any(operand => Evaluate(operand, context)),
        AndNode and => and.Operands.All(operand => Evaluate(operand, context)),
        NotNode not => !Evaluate(not.Operand, context),
        TruthNode truth => Read(truth.Operand, context) is { Kind: AttributeKind.Boolean, Number: not 0 },
        ComparisonNode comparison => Compare(Read(comparison.Left, context), comparison.Operator, Read(comparison.Right, context)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static bool Compare(AttributeValue? left, ComparisonOperator op, AttributeValue? right) => op switch
    {
        ComparisonOperator.Equal => ValueSemantics.Equal(left, right),
        ComparisonOperator.NotEqual => ValueSemantics.NotEqual(left, right),
        ComparisonOperator.Less => ValueSemantics.Less(left, right),
        ComparisonOperator.LessOrEqual => ValueSemantics.LessOrEqual(left, right),
        ComparisonOperator.Greater => ValueSemantics.Greater(left, right),
        ComparisonOperator.GreaterOrEqual => ValueSemantics.GreaterOrEqual(left, right),
        ComparisonOperator.In => ValueSemantics.In(left, right),
        ComparisonOperator.NotIn => ValueSemantics.NotIn(left, right),
        ComparisonOperator.Has => ValueSemantics.Has(left, right),
        _ => ValueSemantics.Contains(left, right),
    };

    private static AttributeValue? Read(OperandNode operand, ExpressionContext context)
    {
        switch (operand)
        {
            case ConstantNode constant:
                return constant.ToValue();
            case ArrayNode array:
                return array.ToValue();
        }

        var key = (KeyNode)operand;
        var utc = context.Now.UtcDateTime;
        return key.Scope switch
        {
            KeyScope.Clock => key.Path[0].Name switch
            {
                ClockKeys.CurrentTime => AttributeValue.Of(int.Parse(utc.ToString("HHmm", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
                ClockKeys.CurrentHour => AttributeValue.Of(utc.ToString("HH", CultureInfo.InvariantCulture)),
                ClockKeys.CurrentMinute => AttributeValue.Of(utc.ToString("mm", CultureInfo.InvariantCulture)),
                _ => AttributeValue.Of(utc.ToString("ddd", CultureInfo.InvariantCulture)),
            },
            KeyScope.Task => KeyResolver.Resolve(context.Task?.Root, [.. key.Path]),
            KeyScope.Worker => KeyResolver.Resolve(context.Worker?.Root, [.. key.Path]),
            KeyScope.Workers => KeyResolver.Resolve(context.Workers?.Root, [.. key.Path]),
            _ => KeyResolver.Resolve(context.Default?.Root, [.. key.Path]),
        };
    }
}
