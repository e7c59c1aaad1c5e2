using System.Globalization;
using System.Text;

namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>
/// Writes a tree back as canonical text that parses to the same tree: keywords upper case, <c>==</c> for equality,
/// double-quoted strings, and parentheses only where precedence needs them.
/// </summary>
internal static class ExpressionPrinter
{
    public static string Print(ExpressionNode node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    public static string Print(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.In => Keywords.In,
        ComparisonOperator.NotIn => $"{Keywords.Not} {Keywords.In}",
        ComparisonOperator.Has => Keywords.Has,
        _ => Keywords.Contains,
    };

    // Binding strength: a child binding more loosely than its place allows is parenthesised.
    private static int Precedence(ExpressionNode node) => node switch
    {
        OrNode => 1,
        AndNode => 2,
        NotNode => 3,
        _ => 4,
    };

    private static void Write(StringBuilder text, ExpressionNode node)
    {
        switch (node)
        {
            case OrNode or:
                WriteChain(text, or.Operands, Keywords.Or, Precedence(node));
                break;
            case AndNode and:
                WriteChain(text, and.Operands, Keywords.And, Precedence(node));
                break;
            case NotNode not:
                text.Append(Keywords.Not).Append(' ');
                WriteChild(text, not.Operand, Precedence(not.Operand) < Precedence(node));
                break;
            case ComparisonNode comparison:
                WriteOperand(text, comparison.Left);
                text.Append(' ').Append(Print(comparison.Operator)).Append(' ');
                WriteOperand(text, comparison.Right);
                break;
            case TruthNode truth:
                WriteOperand(text, truth.Operand);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown syntax node.");
        }
    }

    // A chain's operands of the same kind were written in parentheses (the parser makes one node per chain).
    private static void WriteChain(StringBuilder text, NodeList<ExpressionNode> operands, string keyword, int precedence)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                text.Append(' ').Append(keyword).Append(' ');
            }

            WriteChild(text, operands[i], Precedence(operands[i]) <= precedence);
        }
    }

    private static void WriteChild(StringBuilder text, ExpressionNode child, bool parenthesise)
    {
        if (parenthesise)
        {
            text.Append('(');
        }

        Write(text, child);
        if (parenthesise)
        {
            text.Append(')');
        }
    }

    private static void WriteOperand(StringBuilder text, OperandNode operand)
    {
        switch (operand)
        {
            case ConstantNode constant:
                WriteConstant(text, constant);
                break;
            case ArrayNode array:
                text.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    text.Append(i > 0 ? ", " : "");
                    WriteConstant(text, array.Items[i]);
                }

                text.Append(']');
                break;
            case KeyNode key:
                WriteKey(text, key);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operand), operand.GetType().Name, "Unknown operand node.");
        }
    }

    private static void WriteConstant(StringBuilder text, ConstantNode constant)
    {
        switch (constant.Kind)
        {
            case AttributeKind.Boolean:
                text.Append(constant.Number != 0 ? Keywords.True : Keywords.False);
                break;
            case AttributeKind.Number:
                text.Append(constant.Number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case AttributeKind.String:
                WriteString(text, constant.Text!);
                break;
            default:
                text.Append(Keywords.Null);
                break;
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        text.Append('"');
    }

    // An unprefixed key named like a prefix (a task attribute called "worker") keeps its next step in brackets:
    // worker["k"] reads that attribute, worker.k would read the worker's attributes.
    private static void WriteKey(StringBuilder text, KeyNode key)
    {
        var prefix = key.Scope switch
        {
            KeyScope.Task => "task",
            KeyScope.Worker => "worker",
            KeyScope.Workers => "workers",
            KeyScope.Clock => ClockKeys.Prefix,
            _ => null,
        };
        text.Append(prefix);
        for (var i = 0; i < key.Path.Count; i++)
        {
            var segment = key.Path[i];
            if (segment.Name is null)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (i == 0 && prefix is null)
            {
                text.Append(segment.Name);
            }
            else if (Keywords.IsWord(segment.Name) && !(i == 1 && prefix is null && ExpressionParser.IsScopeWord(key.Path[0].Name!)))
            {
                text.Append('.').Append(segment.Name);
            }
            else
            {
                text.Append('[');
                WriteString(text, segment.Name);
                text.Append(']');
            }
        }
    }
}
