using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class ConcurrentEvaluationTests
{
    [Fact]
    public async Task One_compiled_expression_serves_many_threads_parsing_attributes_at_the_same_time()
    {
        var expression = CompiledExpression.Parse("skills HAS 'support' AND level >= 3 AND region IN ['eu', 'us'] AND team.name != 'night'");
        string[] regions = ["eu", "us", "apac"];
        string[] teams = ["day", "night"];
        var json = Enumerable.Range(0, 4000).Select(i =>
            $$$"""{"skills": ["{{{(i % 2 == 0 ? "support" : "sales")}}}", "s{{{i % 50}}}"], "level": {{{i % 7}}}, "region": "{{{regions[i % 3]}}}", "team": {"name": "{{{teams[i % 2]}}}"}}""")
            .ToArray();
        var expected = json.Select(text => expression.Evaluate(new ExpressionContext { Default = AttributeSet.Parse(text) })).ToArray();

        // Eight threads parse (sharing the value pool) and evaluate (sharing the compiled closures) at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            json.Select(text => expression.Evaluate(new ExpressionContext { Default = AttributeSet.Parse(text) })).ToArray())));

        results.Should().AllSatisfy(result => result.Should().Equal(expected));
        expected.Should().Contain(true).And.Contain(false);
    }
}
