using Telephony.SharedKernel.Ids;

namespace Telephony.Host.Tests.Ids;

/// <summary>Sids keep Twilio's shape and sort by creation time, so new rows append to every index keyed by them.</summary>
public sealed class SidTests
{
    [Fact]
    public void A_new_sid_is_the_prefix_and_32_lowercase_hex_digits()
    {
        var sid = Sid.New("WT");

        sid.Should().MatchRegex("^WT[0-9a-f]{32}$");
        Sid.IsValid(sid, "WT").Should().BeTrue();
    }

    [Fact]
    public async Task Sids_made_in_later_milliseconds_sort_after_earlier_ones()
    {
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            made.Add(Sid.New("WR"));
            await Task.Delay(2);
        }

        made.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Sids_made_in_the_same_millisecond_still_differ()
    {
        var made = Enumerable.Range(0, 10_000).Select(_ => Sid.New("EV")).ToList();

        made.Should().OnlyHaveUniqueItems();
        made.Select(sid => sid[2..14]).Distinct().Count().Should().BeLessThan(made.Count, "many share their time digits and differ in the random ones");
    }

    [Fact]
    public async Task Sids_made_on_many_threads_at_once_all_differ()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 5_000).Select(_ => Sid.New("EV")).ToList())));

        made.SelectMany(sids => sids).Should().OnlyHaveUniqueItems();
    }
}
