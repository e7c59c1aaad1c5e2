using System.Text.Json;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class AttributeSetTests
{
    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"a\": ")]
    [InlineData("not json")]
    [InlineData("")]
    public void Only_a_json_object_is_attributes(string json)
    {
        var parse = () => AttributeSet.Parse(json);
        parse.Should().Throw<JsonException>();
    }

    [Fact]
    public void Nesting_beyond_what_json_readers_allow_is_refused_not_overflowed()
    {
        var json = "{\"a\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        var parse = () => AttributeSet.Parse(json);
        parse.Should().Throw<JsonException>();
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value()
    {
        var attributes = AttributeSet.Parse("""{"a": 1, "b": 2, "a": 3}""");
        attributes.Root.MemberNames.Should().Equal("a", "b");
        Matches("a == 3", attributes).Should().BeTrue();
    }

    [Fact]
    public void With_adds_or_replaces_a_top_level_key_and_leaves_the_original_alone()
    {
        var original = AttributeSet.Parse("""{"sid": "mine", "level": 2}""");
        var worker = original.With("sid", "WK1").With("activity_name", "Available");

        Matches("sid == 'WK1' AND activity_name == 'Available' AND level == 2", worker).Should().BeTrue();
        Matches("sid == 'mine' AND activity_name == null", original).Should().BeTrue();
        Matches("count == 3", AttributeSet.Empty.With("count", 3)).Should().BeTrue();
        AttributeSet.Empty.Root.MemberNames.Should().BeEmpty();
    }

    [Fact]
    public void Objects_with_many_members_are_read_the_same_as_small_ones()
    {
        var members = string.Join(", ", Enumerable.Range(0, 50).Select(i => $"\"k{i}\": {i}"));
        var attributes = AttributeSet.Parse("{" + members + "}");

        Matches("k0 == 0 AND k25 == 25 AND k49 == 49 AND k50 == null", attributes).Should().BeTrue();
        Matches("k7 == 7", attributes.With("k7", "seven")).Should().BeFalse();
        Matches("k7 == 'seven' AND k8 == 8", attributes.With("k7", "seven")).Should().BeTrue();
    }

    private static bool Matches(string expression, AttributeSet attributes) =>
        CompiledExpression.Parse(expression).Evaluate(new ExpressionContext { Default = attributes });
}
