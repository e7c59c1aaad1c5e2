using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Telephony.TaskRouter.Expressions;
using Telephony.TaskRouter.Expressions.Syntax;

namespace Telephony.TaskRouter.Tests.Expressions;

/// <summary>Random syntax trees, random token soup and random attribute JSON for the property tests.</summary>
internal static class ExpressionGenerators
{
    // Names shared by keys and JSON members, so that random expressions often hit random attributes.
    private static readonly string[] KeyNames = ["a", "b", "skills", "level", "name", "x_1", "Élan", "task", "worker"];

    // Later path segments may be anything: keywords, hyphens, digits, quotes, the empty string.
    private static readonly string[] MemberNames =
        [.. KeyNames, "in", "AND", "my-key", "123", "", "a\"b", "c'd", "back\\slash", "sp ace", "available"];

    private static readonly string[] FocusedNames = ["a", "b", "c"];

    private static readonly string[] Strings =
        ["", "a", "support", "Alice", "5", "08", "-1.5", "1e3", "it's", "say \"hi\"", "C:\\path", "\\", "\\'", "ünï", "\t"];

    private static readonly string[] Tokens =
    [
        "(", ")", "[", "]", ",", ".", "==", "=", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "AND", "or", "Not", "IN", "has",
        "CONTAINS", "true", "FALSE", "null", "'a'", "\"b\"", "'", "\"", "\\", "0", "-1", "2.5", "1e3", "0800", "a", "b", "skills",
        "task", "worker", "workers", "taskrouter", "currentTime", "dayOfWeek", "#", "&", "|", "-", "[0]", "['k']",
    ];

    public static Gen<ExpressionNode> Expression { get; } = Gen.Sized(size => ExpressionOfSize(Math.Min(size, 30), Operand));

    /// <summary>Small expressions over three keys and a handful of values, so that comparisons often meet equal values.</summary>
    public static Gen<ExpressionNode> FocusedExpression { get; } = Gen.Sized(size => ExpressionOfSize(Math.Min(size, 9), FocusedOperand));

    /// <summary>Flat attributes over the same three keys and values as <see cref="FocusedExpression"/>.</summary>
    public static Gen<string> FocusedAttributesJson { get; } =
        Gen.Zip(Gen.Elements(FocusedNames), FocusedJsonValue).ListOf().Select(members =>
        {
            var json = new JsonObject();
            foreach (var (name, value) in members)
            {
                json[name] = value;
            }

            return json.ToJsonString();
        });

    public static Gen<string> TokenSoup { get; } =
        Gen.Elements(Tokens).ListOf().Zip(Gen.Elements("", " ", "  ")).Select(pair => string.Join(pair.Item2, pair.Item1));

    public static Gen<string> CharacterSoup { get; } =
        Gen.Elements("ab1 .,[]()'\"\\=!<>&|-_eE".ToCharArray()).ArrayOf().Select(chars => new string(chars));

    public static Gen<string> AttributesJson { get; } =
        Gen.Sized(size => ObjectOfDepth(Math.Min(size / 10, 4))).Select(node => node.ToJsonString());

    private static Gen<ExpressionNode> ExpressionOfSize(int size, Gen<OperandNode> operand)
    {
        var leaf = Gen.OneOf(
            Gen.Zip(Gen.Zip(operand, Gen.Elements(Enum.GetValues<ComparisonOperator>())), operand,
                (left, right) => (ExpressionNode)new ComparisonNode(left.Item1, left.Item2, right)),
            operand.Select(single => (ExpressionNode)new TruthNode(single)));
        if (size <= 1)
        {
            return leaf;
        }

        var smaller = ExpressionOfSize(size / 3, operand);
        var operands = Gen.Choose(2, 4).SelectMany(count => smaller.ArrayOf(count));
        return Gen.Frequency(
            (3, leaf),
            (1, ExpressionOfSize(size / 2, operand).Select(inner => (ExpressionNode)new NotNode(inner))),
            (2, operands.Select(list => (ExpressionNode)new AndNode(new NodeList<ExpressionNode>(list)))),
            (2, operands.Select(list => (ExpressionNode)new OrNode(new NodeList<ExpressionNode>(list)))));
    }

    private static Gen<ConstantNode> FocusedConstant => Gen.OneOf(
        Gen.Choose(-2, 2).Select(n => ConstantNode.Of(n)),
        Gen.Elements("x", "y", "2", "", "xy").Select(ConstantNode.Of),
        Gen.Elements(true, false).Select(ConstantNode.Of),
        Gen.Constant(ConstantNode.Null));

    private static Gen<OperandNode> FocusedOperand => Gen.Frequency(
        (3, Gen.Zip(Gen.Elements(FocusedNames), Gen.Elements(0, 1, 2)).Select(t => (OperandNode)new KeyNode(
            KeyScope.Default,
            new NodeList<KeySegment>(t.Item2 switch
            {
                0 => [KeySegment.Member(t.Item1)],
                1 => [KeySegment.Member(t.Item1), KeySegment.At(0)],
                _ => [KeySegment.Member(t.Item1), KeySegment.Member("a")],
            })))),
        (3, FocusedConstant.Select(constant => (OperandNode)constant)),
        (1, FocusedConstant.ArrayOf().Select(items => (OperandNode)new ArrayNode(new NodeList<ConstantNode>([.. items.Take(3)])))));

    private static Gen<JsonNode?> FocusedJsonScalar => Gen.OneOf(
        Gen.Choose(-2, 2).Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Elements("x", "y", "2", "", "xy").Select(text => (JsonNode?)JsonValue.Create(text)),
        Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Constant((JsonNode?)null));

    private static Gen<JsonNode?> FocusedJsonValue => Gen.Frequency(
        (4, FocusedJsonScalar),
        (2, FocusedJsonScalar.ListOf().Select(items => (JsonNode?)new JsonArray([.. items.Take(3)]))),
        (1, FocusedJsonScalar.Select(value => (JsonNode?)new JsonObject { ["a"] = value })));

    private static Gen<OperandNode> Operand => Gen.Frequency(
        (4, Key.Select(key => (OperandNode)key)),
        (3, Constant.Select(constant => (OperandNode)constant)),
        (1, Constant.ArrayOf().Select(items => (OperandNode)new ArrayNode(new NodeList<ConstantNode>([.. items.Take(6)])))));

    private static Gen<ConstantNode> Constant => Gen.OneOf(
        Gen.Elements(Strings).Select(ConstantNode.Of),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(ConstantNode.Of),
        Gen.Choose(-1000, 1000).Select(n => ConstantNode.Of(n)),
        Gen.Elements(0.5, -0.25, 1e21, 1.5e-7, double.MaxValue, double.Epsilon, 3.141529).Select(ConstantNode.Of),
        Gen.Elements(true, false).Select(ConstantNode.Of),
        Gen.Constant(ConstantNode.Null));

    private static Gen<KeyNode> Key => Gen.OneOf(
        Gen.Zip(Gen.Elements(KeyNames), Segments)
            .Select(t => new KeyNode(KeyScope.Default, new NodeList<KeySegment>([KeySegment.Member(t.Item1), .. t.Item2]))),
        Gen.Zip(
                Gen.Zip(Gen.Elements(KeyScope.Task, KeyScope.Worker, KeyScope.Workers), Gen.Elements(MemberNames.Where(Keywords.IsWord).ToArray())),
                Segments,
                (start, rest) => new KeyNode(start.Item1, new NodeList<KeySegment>([KeySegment.Member(start.Item2), .. rest]))),
        Gen.Elements(ClockKeys.CurrentTime, ClockKeys.CurrentHour, ClockKeys.CurrentMinute, ClockKeys.DayOfWeek)
            .Select(name => new KeyNode(KeyScope.Clock, new NodeList<KeySegment>([KeySegment.Member(name)]))));

    private static Gen<KeySegment[]> Segments => Gen.OneOf(
            Gen.Elements(MemberNames).Select(KeySegment.Member),
            Gen.Choose(0, 3).Select(KeySegment.At))
        .ListOf()
        .Select(list => list.Take(3).ToArray());

    private static Gen<JsonNode?> ValueOfDepth(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Elements(Strings).Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Choose(-10, 10).Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Elements(0.5, -1e300, 1e-300, 2.5).Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Constant((JsonNode?)null));
        if (depth <= 0)
        {
            return scalar;
        }

        return Gen.Frequency(
            (4, scalar),
            (1, ValueOfDepth(depth - 1).ListOf().Select(items => (JsonNode?)new JsonArray([.. items.Take(5)]))),
            (1, ObjectOfDepth(depth - 1).Select(node => (JsonNode?)node)));
    }

    private static Gen<JsonObject> ObjectOfDepth(int depth) =>
        Gen.Zip(Gen.Elements(MemberNames), ValueOfDepth(depth)).ListOf().Select(members =>
        {
            var json = new JsonObject();
            foreach (var (name, value) in members.Take(8))
            {
                json[name] = value;
            }

            return json;
        });

    public static ExpressionContext Context(string json)
    {
        var attributes = AttributeSet.Parse(json);
        return new ExpressionContext
        {
            Default = attributes,
            Task = attributes,
            Worker = attributes.With("sid", "WK1"),
            Workers = AttributeSet.Empty.With("available", 1),
            Now = new DateTimeOffset(2026, 11, 25, 8, 5, 0, TimeSpan.Zero),
        };
    }
}
