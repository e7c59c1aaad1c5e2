using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Tests.Expressions;

public sealed class OrderByTests
{
    private static readonly AttributeSet Alice = AttributeSet.Parse("""{"finance": 10, "support": 8, "name": "alice", "stats": {"score": 1}}""");
    private static readonly AttributeSet Bob = AttributeSet.Parse("""{"finance": 10, "support": 5, "name": "bob", "stats": {"score": 2}}""");
    private static readonly AttributeSet Nobody = AttributeSet.Parse("""{"name": 7}""");

    [Fact]
    public void A_later_clause_breaks_a_tie_on_an_earlier_one()
    {
        var orderBy = OrderBy.Parse("worker.finance ASC, worker.support ASC");

        orderBy.Compare(Bob, Alice).Should().BeNegative();
        orderBy.Compare(Alice, Bob).Should().BePositive();
        orderBy.Compare(Alice, Alice).Should().Be(0);
    }

    [Fact]
    public void Descending_puts_the_highest_first()
    {
        var orderBy = OrderBy.Parse("worker.support DESC");
        orderBy.Compare(Alice, Bob).Should().BeNegative();

        OrderBy.Parse("worker.stats.score desc").Compare(Bob, Alice).Should().BeNegative();
    }

    [Theory]
    [InlineData("worker.support ASC")]
    [InlineData("worker.support DESC")]
    public void Workers_without_the_attribute_come_last_in_either_direction(string text)
    {
        var orderBy = OrderBy.Parse(text);
        orderBy.Compare(Nobody, Alice).Should().BePositive();
        orderBy.Compare(Bob, Nobody).Should().BeNegative();
        orderBy.Compare(Nobody, Nobody).Should().Be(0);
    }

    [Fact]
    public void Strings_sort_after_numbers_and_among_themselves_by_ordinal()
    {
        var orderBy = OrderBy.Parse("worker.name");
        orderBy.Compare(Nobody, Alice).Should().BeNegative("7 is a number, 'alice' a string");
        orderBy.Compare(Alice, Bob).Should().BeNegative();
        OrderBy.Parse("worker.name DESC").Compare(Alice, Bob).Should().BePositive();
    }

    [Fact]
    public void Sorting_a_list_follows_the_clauses()
    {
        var orderBy = OrderBy.Parse("worker.finance DESC, worker.support ASC");
        List<AttributeSet> workers = [Nobody, Alice, Bob];

        workers.Sort(orderBy.Compare);

        workers.Should().Equal(Bob, Alice, Nobody);
    }

    [Fact]
    public void An_unprefixed_key_reads_the_worker_attributes()
    {
        OrderBy.Parse("support").Compare(Bob, Alice).Should().BeNegative();
        OrderBy.Parse("support asc").Clauses.Should().ContainSingle().Which.Descending.Should().BeFalse();
    }

    [Theory]
    [InlineData("", "expected a key at 0")]
    [InlineData("worker.x UP", "expected ',', ASC or DESC at 9")]
    [InlineData("worker.x ASC,", "expected a key at 13")]
    [InlineData("worker.x ASC DESC", "expected ',', ASC or DESC at 13")]
    [InlineData("task.priority DESC", "order_by reads worker attributes only at 0")]
    [InlineData("worker.x ASC, 'y'", "expected a key at 14")]
    [InlineData("worker.", "expected a key name after '.' at 7")]
    public void Errors_name_the_position(string text, string message)
    {
        OrderBy.TryParse(text, out var orderBy, out var error).Should().BeFalse();
        orderBy.Should().BeNull();
        error.Should().Be(message);
    }
}
