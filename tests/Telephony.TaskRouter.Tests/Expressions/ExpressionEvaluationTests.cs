using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class ExpressionEvaluationTests
{
    private const string Worker = """
        {
          "name": "Alice", "level": 5, "rating": 4.5, "vip": true, "busy": false, "nothing": null,
          "zip": "02134", "hour": "08", "email": "alice@example.com",
          "skills": ["support", "sales", 3, true, null], "languages": ["en", "fr"], "empty": [],
          "team": { "name": "blue", "size": 7, "leads": ["bob", "carol"], "tags": { "x": ["deep"] } },
          "matrix": [[1, 2], [3, 4]], "people": [{ "name": "dan" }, { "name": "eve" }],
          "in": "keyword-named", "my-key": "hyphenated", "123": "numeric"
        }
        """;

    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1==1", true)]
    [InlineData("0 != 1", true)]
    [InlineData("\"apple\" != \"orange\"", true)]
    [InlineData("'apple' == \"apple\"", true)]
    [InlineData("1 = 1", true)]
    [InlineData("1 == 1.0", true)]
    [InlineData("true == true", true)]
    [InlineData("true != false", true)]
    [InlineData("null == null", true)]
    [InlineData("2 > 1", true)]
    [InlineData("2 < 1", false)]
    [InlineData("-2 < -1", true)]
    [InlineData("1e3 == 1000", true)]
    [InlineData("0800 == 800", true)]
    [InlineData("'b' > 'a'", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    [InlineData("'true'", false)]
    public void Constants_compare_without_attributes(string expression, bool expected) =>
        Evaluate(expression, "{}").Should().Be(expected, expression);

    [Theory]
    [InlineData("name == 'Alice'", true)]
    [InlineData("name = 'Alice'", true)]
    [InlineData("name == 'alice'", false)]
    [InlineData("name != 'Bob'", true)]
    [InlineData("name != 'Alice'", false)]
    [InlineData("level == 5", true)]
    [InlineData("level == 5.0", true)]
    [InlineData("level != 4", true)]
    [InlineData("level > 4", true)]
    [InlineData("level >= 5", true)]
    [InlineData("level < 5", false)]
    [InlineData("level <= 5", true)]
    [InlineData("rating > 4.4 AND rating < 4.6", true)]
    [InlineData("vip == true", true)]
    [InlineData("vip", true)]
    [InlineData("busy", false)]
    [InlineData("busy == false", true)]
    [InlineData("name", false)]
    [InlineData("name > 'Al' AND name < 'B'", true)]
    public void Scalar_operators_compare_attributes(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("zip == 2134", true)]
    [InlineData("zip == '2134'", false)]
    [InlineData("hour > 7 AND hour < 9", true)]
    [InlineData("level == '5'", true)]
    [InlineData("level > '10'", false)]
    [InlineData("name == 0", false)]
    [InlineData("name != 0", true)]
    [InlineData("name > 0", false)]
    [InlineData("vip == 1", false)]
    [InlineData("vip > 0", false)]
    [InlineData("level == true", false)]
    [InlineData("vip < true", false)]
    public void Mixed_types_compare_numerically_only_when_a_string_reads_as_a_number(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("missing == null", true)]
    [InlineData("missing != null", false)]
    [InlineData("nothing == null", true)]
    [InlineData("name == null", false)]
    [InlineData("name != null", true)]
    [InlineData("missing == 'x'", false)]
    [InlineData("missing != 'x'", true)]
    [InlineData("missing > 1", false)]
    [InlineData("missing < 1", false)]
    [InlineData("missing >= 1", false)]
    [InlineData("missing <= 1", false)]
    [InlineData("missing", false)]
    [InlineData("missing.deeper.still == null", true)]
    [InlineData("name.first == null", true)]
    [InlineData("missing HAS 'x'", false)]
    [InlineData("missing CONTAINS 'x'", false)]
    [InlineData("missing IN ['x']", false)]
    [InlineData("missing NOT IN ['x']", true)]
    [InlineData("missing IN [null]", true)]
    [InlineData("'x' IN missing", false)]
    [InlineData("'x' NOT IN missing", false)]
    public void A_missing_key_is_null(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("team.name == 'blue'", true)]
    [InlineData("team.size > 6", true)]
    [InlineData("team.leads HAS 'carol'", true)]
    [InlineData("team.leads[0] == 'bob'", true)]
    [InlineData("team.leads[1] == 'carol'", true)]
    [InlineData("team.leads[2] == null", true)]
    [InlineData("team.tags.x[0] == 'deep'", true)]
    [InlineData("matrix[1][0] == 3", true)]
    [InlineData("matrix[0] HAS 2", true)]
    [InlineData("people[1].name == 'eve'", true)]
    [InlineData("skills[0] == 'support'", true)]
    [InlineData("skills[2] == 3", true)]
    [InlineData("skills[99] == null", true)]
    [InlineData("name[0] == null", true)]
    [InlineData("team[0] == null", true)]
    [InlineData("skills.length == null", true)]
    [InlineData("team['name'] == 'blue'", true)]
    [InlineData("team[\"size\"] == 7", true)]
    [InlineData("team.tags['x'][0] == 'deep'", true)]
    public void Keys_are_dot_paths_with_indices(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("skills == 'support'", false)]
    [InlineData("skills != 'support'", false)]
    [InlineData("skills > 1", false)]
    [InlineData("skills <= 1", false)]
    [InlineData("'support' == skills", false)]
    [InlineData("skills == ['support']", false)]
    [InlineData("skills != ['x']", false)]
    [InlineData("team == 'blue'", false)]
    [InlineData("team != 'blue'", false)]
    [InlineData("team == null", false)]
    [InlineData("empty == null", false)]
    [InlineData("name HAS 'A'", false)]
    [InlineData("name IN 'Alice'", false)]
    [InlineData("name NOT IN 'Bob'", false)]
    [InlineData("level HAS 5", false)]
    [InlineData("level CONTAINS 5", false)]
    [InlineData("team HAS 'name'", false)]
    [InlineData("team IN ['blue']", false)]
    [InlineData("team NOT IN ['blue']", false)]
    [InlineData("skills HAS team", false)]
    [InlineData("skills CONTAINS ['support']", false)]
    public void A_scalar_operator_on_an_array_or_an_array_operator_on_a_scalar_is_false(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("skills HAS 'support'", true)]
    [InlineData("skills HAS 'Support'", false)]
    [InlineData("skills HAS 'supp'", false)]
    [InlineData("skills HAS 3", true)]
    [InlineData("skills HAS '3'", true)]
    [InlineData("skills HAS true", true)]
    [InlineData("skills HAS null", true)]
    [InlineData("languages HAS null", false)]
    [InlineData("empty HAS 'x'", false)]
    [InlineData("skills HAS ['support', 'sales']", true)]
    [InlineData("skills HAS ['support', 'billing']", false)]
    [InlineData("skills HAS []", true)]
    [InlineData("['a', 'b'] HAS 'b'", true)]
    [InlineData("(skills HAS 'support') AND (languages HAS 'en')", true)]
    public void Has_asks_whether_the_left_array_holds_the_right_value(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("name IN ['Alice', 'Bob']", true)]
    [InlineData("name IN ['alice', 'Bob']", false)]
    [InlineData("name IN []", false)]
    [InlineData("level IN [1, 5, 9]", true)]
    [InlineData("level IN ['5']", true)]
    [InlineData("'en' IN languages", true)]
    [InlineData("'de' IN languages", false)]
    [InlineData("languages IN ['de', 'fr']", true)]
    [InlineData("languages IN ['de', 'es']", false)]
    [InlineData("empty IN ['de']", false)]
    [InlineData("team.leads IN team.leads", true)]
    [InlineData("name NOT IN ['Bob', 'Carol']", true)]
    [InlineData("name NOT IN ['Alice']", false)]
    [InlineData("name NOT IN []", true)]
    [InlineData("languages NOT IN ['de', 'es']", true)]
    [InlineData("languages NOT IN ['fr']", false)]
    [InlineData("empty NOT IN ['de']", true)]
    [InlineData("name not in ['Bob']", true)]
    public void In_and_not_in_ask_whether_the_left_value_is_in_the_right_array(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("email CONTAINS '@example'", true)]
    [InlineData("email CONTAINS '@EXAMPLE'", false)]
    [InlineData("email CONTAINS ''", true)]
    [InlineData("email CONTAINS 5", false)]
    [InlineData("skills CONTAINS 'sales'", true)]
    [InlineData("skills CONTAINS 'sup'", true)]
    [InlineData("skills CONTAINS 3", true)]
    [InlineData("skills CONTAINS 'billing'", false)]
    [InlineData("'abc' CONTAINS 'b'", true)]
    [InlineData("['abc'] CONTAINS 'b'", true)]
    public void Contains_finds_a_substring_or_an_array_element(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("level == 5 AND name == 'Alice'", true)]
    [InlineData("level == 5 && name == 'Bob'", false)]
    [InlineData("level == 4 OR name == 'Alice'", true)]
    [InlineData("level == 4 || name == 'Bob'", false)]
    [InlineData("NOT level == 4", true)]
    [InlineData("!(level == 5)", false)]
    [InlineData("!vip", false)]
    [InlineData("NOT NOT vip", true)]
    [InlineData("level == 4 OR level == 5 AND name == 'Bob'", false)]
    [InlineData("(level == 4 OR level == 5) AND name == 'Alice'", true)]
    [InlineData("level == 5 OR level == 4 AND name == 'Bob'", true)]
    [InlineData("NOT level == 5 OR vip", true)]
    [InlineData("NOT (level == 5 OR vip)", false)]
    [InlineData("(language == 'en' OR languages HAS 'fr') AND rating >= 4.5", true)]
    [InlineData("level == 5 and name == 'Alice' or false", true)]
    [InlineData("Level == 5", false)]
    public void Logic_follows_precedence_not_then_and_then_or(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("True == true", true)]
    [InlineData("NULL == null", true)]
    [InlineData("skills has 'sales'", true)]
    [InlineData("skills Contains 'sal'", true)]
    [InlineData("name In ['Alice']", true)]
    [InlineData("name nOt In ['Alice']", false)]
    [InlineData("vip aNd NoT busy", true)]
    public void Keywords_are_case_insensitive(string expression, bool expected) =>
        Evaluate(expression, Worker).Should().Be(expected, expression);

    [Fact]
    public void Keys_named_like_keywords_or_with_hyphens_are_reached_through_quoted_brackets()
    {
        var attributes = AttributeSet.Parse("""{"team": {"in": "a", "my-key": "b", "123": "c", "AND": "d"}}""");
        Evaluate("team.in == 'a'", attributes).Should().BeTrue();
        Evaluate("team['my-key'] == 'b'", attributes).Should().BeTrue();
        Evaluate("team[\"123\"] == 'c'", attributes).Should().BeTrue();
        Evaluate("team.AND == 'd'", attributes).Should().BeTrue();
    }

    [Fact]
    public void Prefixed_keys_read_the_task_the_worker_and_the_queue_counts()
    {
        var task = AttributeSet.Parse("""{"type": "support", "preferred": ["WK1", "WK2"], "level": 3}""");
        var worker = AttributeSet.Parse("""{"level": 5}""").With("sid", "WK2").With("activity_name", "Available");
        var workers = AttributeSet.Empty.With("available", 3).With("unavailable", 0);
        var context = new ExpressionContext { Default = task, Task = task, Worker = worker, Workers = workers };

        Evaluate("type == 'support' AND task.type == 'support'", context).Should().BeTrue();
        Evaluate("worker.sid IN task.preferred AND worker.level > task.level", context).Should().BeTrue();
        Evaluate("worker.activity_name == 'Available'", context).Should().BeTrue();
        Evaluate("workers.available > 0 AND workers.unavailable == 0", context).Should().BeTrue();
        Evaluate("worker.type == 'support'", context).Should().BeFalse();
    }

    [Fact]
    public void A_prefix_whose_attributes_are_not_given_reads_as_null()
    {
        var context = new ExpressionContext { Default = AttributeSet.Parse("""{"task": {"type": "x"}}""") };
        Evaluate("task.type == null", context).Should().BeTrue();
        Evaluate("worker.sid == null AND workers.available == null", context).Should().BeTrue();
        Evaluate("task[\"type\"] == 'x'", context).Should().BeTrue("a bracket after task reads the unprefixed key named task");
    }

    [Fact]
    public void A_worker_built_in_replaces_an_attribute_of_the_same_name()
    {
        var worker = AttributeSet.Parse("""{"sid": "fake", "friendly_name": "x"}""").With("sid", "WK1").With("friendly_name", null);
        Evaluate("sid == 'WK1' AND friendly_name == null", worker).Should().BeTrue();
    }

    [Theory]
    [InlineData("2026-11-25T18:05:00Z", "taskrouter.currentTime == 1805", true)]
    [InlineData("2026-11-25T08:05:00Z", "taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830", true)]
    [InlineData("2026-11-25T07:59:00Z", "taskrouter.currentTime > 0800", false)]
    [InlineData("2026-11-25T08:05:00Z", "taskrouter.currentHour == '08'", true)]
    [InlineData("2026-11-25T08:05:00Z", "taskrouter.currentHour > 7 AND taskrouter.currentHour < 9", true)]
    [InlineData("2026-11-25T08:05:00Z", "taskrouter.currentMin == '05' AND taskrouter.currentMin == 5", true)]
    [InlineData("2026-11-25T08:05:00Z", "taskrouter.dayOfWeek == 'Wed'", true)]
    [InlineData("2026-11-29T08:05:00Z", "taskrouter.dayOfWeek IN ['Sat', 'Sun']", true)]
    [InlineData("2026-11-25T23:30:00-02:00", "taskrouter.dayOfWeek == 'Thu' AND taskrouter.currentTime == 130", true)]
    public void Taskrouter_clock_values_are_utc(string now, string expression, bool expected)
    {
        var context = new ExpressionContext { Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture) };
        Evaluate(expression, context).Should().Be(expected, expression);
    }

    [Fact]
    public void Evaluation_reads_each_new_set_of_attributes()
    {
        var expression = CompiledExpression.Parse("skills HAS 'support' AND level >= 3");
        var matching = AttributeSet.Parse("""{"skills": ["support"], "level": 3}""");
        var lacking = AttributeSet.Parse("""{"skills": ["sales"], "level": 9}""");

        expression.Evaluate(new ExpressionContext { Default = matching }).Should().BeTrue();
        expression.Evaluate(new ExpressionContext { Default = lacking }).Should().BeFalse();
        expression.Evaluate(new ExpressionContext()).Should().BeFalse();
    }

    [Fact]
    public void Long_strings_and_unusual_numbers_compare_by_value()
    {
        var longText = new string('z', 200);
        var attributes = AttributeSet.Parse($$"""{"long": "{{longText}}", "big": 1e308, "negative_zero": -0.0, "nul": "\u0000", "huge": 123456789012}""");

        Evaluate($"long == '{longText}' AND long CONTAINS 'zzz' AND long != '{longText}y'", attributes).Should().BeTrue();
        Evaluate("big > 1e307 AND big == 1E+308 AND negative_zero == 0 AND huge == 123456789012", attributes).Should().BeTrue();
        Evaluate("nul != '' AND nul CONTAINS ''", attributes).Should().BeTrue();
    }

    [Fact]
    public void Deeply_nested_attributes_are_read_without_trouble()
    {
        var json = "{\"a\": " + new string('[', 60) + "\"bottom\"" + new string(']', 60) + "}";
        var path = "a" + string.Concat(Enumerable.Repeat("[0]", 60));

        Evaluate($"{path} == 'bottom'", json).Should().BeTrue();
        Evaluate($"{path}[0] == null AND a[1] == null", json).Should().BeTrue();
    }

    private static bool Evaluate(string expression, string json) => Evaluate(expression, AttributeSet.Parse(json));

    private static bool Evaluate(string expression, AttributeSet attributes) =>
        Evaluate(expression, new ExpressionContext { Default = attributes });

    private static bool Evaluate(string expression, ExpressionContext context) => CompiledExpression.Parse(expression).Evaluate(context);
}
