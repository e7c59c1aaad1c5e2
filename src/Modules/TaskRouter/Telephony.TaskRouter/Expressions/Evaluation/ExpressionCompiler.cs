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

        // Most clauses compare a key with a constant: read one side only, and take the common shapes directly.
        if (rightConstant is not null)
        {
            var readLeft = Reader(comparison.Left);
            return ClauseWithConstant(readLeft, comparison.Operator, rightConstant)
                ?? (context => apply(readLeft(context), rightConstant));
        }

        var readRight = Reader(comparison.Right);
        if (leftConstant is not null)
        {
            return context => apply(leftConstant, readRight(context));
        }

        var read = Reader(comparison.Left);
        return context => apply(read(context), readRight(context));
    }

    // Shortcuts for the clauses queues are made of (skills HAS 'x', level >= 3, name == 'y'). Each decides the
    // common value kind itself and hands every other kind to ValueSemantics, so the meaning cannot drift.
    private static Func<ExpressionContext, bool>? ClauseWithConstant(
        Func<ExpressionContext, AttributeValue?> read, ComparisonOperator op, AttributeValue constant)
    {
        var text = constant.Kind == AttributeKind.String ? constant.Text : null;
        var number = constant.Number;
        return op switch
        {
            ComparisonOperator.Equal when text is not null => context => read(context) is { } value
                && (value.Kind == AttributeKind.String
                    ? string.Equals(value.Text, text, StringComparison.Ordinal)
                    : ValueSemantics.Equal(value, constant)),
            ComparisonOperator.NotEqual when text is not null => context =>
            {
                var value = read(context);
                return value is { Kind: AttributeKind.String }
                    ? !string.Equals(value.Text, text, StringComparison.Ordinal)
                    : ValueSemantics.NotEqual(value, constant);
            }
            ,
            ComparisonOperator.Has when constant.IsScalar => context => read(context) is { Items: { } items }
                && ValueSemantics.Includes(items, constant),
            ComparisonOperator.In when constant.Items is { } choices && choices.All(choice => choice.Kind == AttributeKind.String) =>
                InStrings(read, [.. choices.Select(choice => choice.Text!)], constant),
            ComparisonOperator.Less when constant.Kind == AttributeKind.Number => context => read(context) is { } value
                && (value.Kind == AttributeKind.Number ? value.Number < number : ValueSemantics.Less(value, constant)),
            ComparisonOperator.LessOrEqual when constant.Kind == AttributeKind.Number => context => read(context) is { } value
                && (value.Kind == AttributeKind.Number ? value.Number <= number : ValueSemantics.LessOrEqual(value, constant)),
            ComparisonOperator.Greater when constant.Kind == AttributeKind.Number => context => read(context) is { } value
                && (value.Kind == AttributeKind.Number ? value.Number > number : ValueSemantics.Greater(value, constant)),
            ComparisonOperator.GreaterOrEqual when constant.Kind == AttributeKind.Number => context => read(context) is { } value
                && (value.Kind == AttributeKind.Number ? value.Number >= number : ValueSemantics.GreaterOrEqual(value, constant)),
            _ => null,
        };
    }

    // region IN ['eu', 'us']: a string is looked up among the choices directly; other kinds take the general path.
    private static Func<ExpressionContext, bool> InStrings(Func<ExpressionContext, AttributeValue?> read, string[] choices, AttributeValue constant) =>
        context =>
        {
            var value = read(context);
            if (value is not { Kind: AttributeKind.String, Text: { } text })
            {
                return ValueSemantics.In(value, constant);
            }

            foreach (var choice in choices)
            {
                if (string.Equals(text, choice, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        };

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

        var path = KeyResolver.Pooled(key.Path);

        // One member deep is the common case (skills, level, worker.sid): no path loop, no extra call for the scope.
        if (path is [{ Name: { } only }])
        {
            return key.Scope switch
            {
                KeyScope.Task => context => context.Task?.Root.Member(only),
                KeyScope.Worker => context => context.Worker?.Root.Member(only),
                KeyScope.Workers => context => context.Workers?.Root.Member(only),
                _ => context => context.Default?.Root.Member(only),
            };
        }

        return key.Scope switch
        {
            KeyScope.Task => context => KeyResolver.Resolve(context.Task?.Root, path),
            KeyScope.Worker => context => KeyResolver.Resolve(context.Worker?.Root, path),
            KeyScope.Workers => context => KeyResolver.Resolve(context.Workers?.Root, path),
            _ => context => KeyResolver.Resolve(context.Default?.Root, path),
        };
    }
}
