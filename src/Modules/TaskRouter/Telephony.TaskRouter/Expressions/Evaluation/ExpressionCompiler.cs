using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Expressions.Evaluation;

/// <summary>
/// Turns a syntax tree into nested closures, once: key paths become arrays, constants become values, AND/OR chains
/// become loops, and a comparison of two constants is decided at compile time.
/// </summary>
internal static class ExpressionCompiler
{
    private delegate bool Operator(AttributeValue? left, AttributeValue? right);

    public static Func<ExpressionContext, bool> Compile(ExpressionNode node) => node switch
    {
        OrNode or => CompileOr([.. or.Operands.Select(Compile)]),
        AndNode and => CompileAnd([.. and.Operands.Select(Compile)]),
        NotNode not => Negate(Compile(not.Operand)),
        ComparisonNode comparison => CompileComparison(comparison),
        TruthNode truth => CompileTruth(truth.Operand),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown syntax node."),
    };

    private static Func<ExpressionContext, bool> CompileOr(Func<ExpressionContext, bool>[] operands) => context =>
    {
        foreach (var operand in operands)
        {
            if (operand(context))
            {
                return true;
            }
        }

        return false;
    };

    private static Func<ExpressionContext, bool> CompileAnd(Func<ExpressionContext, bool>[] operands) => context =>
    {
        foreach (var operand in operands)
        {
            if (!operand(context))
            {
                return false;
            }
        }

        return true;
    };

    private static Func<ExpressionContext, bool> Negate(Func<ExpressionContext, bool> operand) => context => !operand(context);

    private static Func<ExpressionContext, bool> CompileTruth(OperandNode operand)
    {
        if (Constant(operand) is { } constant)
        {
            var result = constant.IsTrue;
            return _ => result;
        }

        var read = Reader(operand);
        return context => read(context) is { IsTrue: true };
    }

    private static Func<ExpressionContext, bool> CompileComparison(ComparisonNode comparison)
    {
        var apply = OperatorFor(comparison.Operator);
        var leftConstant = Constant(comparison.Left);
        var rightConstant = Constant(comparison.Right);
        if (leftConstant is not null && rightConstant is not null)
        {
            var result = apply(leftConstant, rightConstant);
            return _ => result;
        }

        // Most expressions compare a key with a constant: read one side, not two.
        if (rightConstant is not null)
        {
            var readLeft = Reader(comparison.Left);
            return comparison.Operator == ComparisonOperator.Equal && rightConstant.Kind == AttributeKind.String
                ? EqualsString(readLeft, rightConstant.Text!)
                : context => apply(readLeft(context), rightConstant);
        }

        var readRight = Reader(comparison.Right);
        if (leftConstant is not null)
        {
            return context => apply(leftConstant, readRight(context));
        }

        var read = Reader(comparison.Left);
        return context => apply(read(context), readRight(context));
    }

    // The commonest clause (key == 'text') without the general scalar dispatch.
    private static Func<ExpressionContext, bool> EqualsString(Func<ExpressionContext, AttributeValue?> read, string expected)
    {
        var expectedValue = AttributeValue.Of(expected);
        return context => read(context) is { } value
            && (value.Kind == AttributeKind.String
                ? string.Equals(value.Text, expected, StringComparison.Ordinal)
                : value.Kind == AttributeKind.Number && ValueSemantics.ScalarEquals(value, expectedValue));
    }

    private static Operator OperatorFor(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => ValueSemantics.Equal,
        ComparisonOperator.NotEqual => ValueSemantics.NotEqual,
        ComparisonOperator.Less => ValueSemantics.Less,
        ComparisonOperator.LessOrEqual => ValueSemantics.LessOrEqual,
        ComparisonOperator.Greater => ValueSemantics.Greater,
        ComparisonOperator.GreaterOrEqual => ValueSemantics.GreaterOrEqual,
        ComparisonOperator.In => ValueSemantics.In,
        ComparisonOperator.NotIn => ValueSemantics.NotIn,
        ComparisonOperator.Has => ValueSemantics.Has,
        _ => ValueSemantics.Contains,
    };

    private static AttributeValue? Constant(OperandNode operand) => operand switch
    {
        ConstantNode constant => constant.ToValue(),
        ArrayNode array => array.ToValue(),
        _ => null,
    };

    private static Func<ExpressionContext, AttributeValue?> Reader(OperandNode operand)
    {
        if (Constant(operand) is { } constant)
        {
            return _ => constant;
        }

        var key = (KeyNode)operand;
        if (key.Scope == KeyScope.Clock)
        {
            return ClockValues.Reader(key.Path[0].Name!);
        }

        KeySegment[] path = [.. key.Path];
        Func<ExpressionContext, AttributeSet?> attributes = key.Scope switch
        {
            KeyScope.Task => context => context.Task,
            KeyScope.Worker => context => context.Worker,
            KeyScope.Workers => context => context.Workers,
            _ => context => context.Default,
        };

        // One member deep is the common case (skills, level, worker.sid): skip the path loop.
        if (path is [{ Name: { } only }])
        {
            return context => attributes(context)?.Root.Member(only);
        }

        return context => KeyResolver.Resolve(attributes(context)?.Root, path);
    }
}
