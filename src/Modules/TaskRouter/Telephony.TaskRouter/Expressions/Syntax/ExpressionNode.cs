namespace Telephony.TaskRouter.Expressions.Syntax;

/// <summary>
/// The syntax tree. Records compare structurally, so "print then parse gives the same tree" is a plain equality.
/// AND and OR are n-ary (a chain is one node) so that long chains never make deep trees.
/// </summary>
internal abstract record ExpressionNode
{
    public sealed override string ToString() => ExpressionPrinter.Print(this);
}

internal sealed record OrNode(NodeList<ExpressionNode> Operands) : ExpressionNode;

internal sealed record AndNode(NodeList<ExpressionNode> Operands) : ExpressionNode;

internal sealed record NotNode(ExpressionNode Operand) : ExpressionNode;

internal sealed record ComparisonNode(OperandNode Left, ComparisonOperator Operator, OperandNode Right) : ExpressionNode;

/// <summary>A value standing alone as a condition: true only when it is the boolean true.</summary>
internal sealed record TruthNode(OperandNode Operand) : ExpressionNode;

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Has,
    Contains,
}

internal abstract record OperandNode;

/// <summary>A string, number, boolean or null written in the expression.</summary>
internal sealed record ConstantNode(AttributeKind Kind, double Number = 0, string? Text = null) : OperandNode
{
    public static ConstantNode Null { get; } = new(AttributeKind.Null);

    public static ConstantNode Of(bool value) => new(AttributeKind.Boolean, value ? 1 : 0);

    public static ConstantNode Of(double value) => new(AttributeKind.Number, value);

    public static ConstantNode Of(string value) => new(AttributeKind.String, Text: value);

    public AttributeValue ToValue() => Kind switch
    {
        AttributeKind.Boolean => AttributeValue.Of(Number != 0),
        AttributeKind.Number => AttributeValue.Of(Number),
        AttributeKind.String => AttributeValue.Of(Text),
        _ => AttributeValue.Null,
    };
}

internal sealed record ArrayNode(NodeList<ConstantNode> Items) : OperandNode
{
    public AttributeValue ToValue() => AttributeValue.ArrayOf([.. Items.Select(item => item.ToValue())]);
}

/// <summary>Which attributes a key reads: the prefix it was written with.</summary>
internal enum KeyScope
{
    Default,
    Task,
    Worker,
    Workers,
    Clock,
}

/// <summary>One step of a key path: a member name, or an array index when <see cref="Name"/> is null.</summary>
internal readonly record struct KeySegment(string? Name, int Index)
{
    public static KeySegment Member(string name) => new(name, 0);

    public static KeySegment At(int index) => new(null, index);
}

internal sealed record KeyNode(KeyScope Scope, NodeList<KeySegment> Path) : OperandNode;
