using Telephony.Regions.Media;

namespace Telephony.Regions.Tests.Media;

public sealed class LegLocksTests
{
    [Fact]
    public async Task A_legs_changes_run_one_at_a_time_and_no_gate_outlives_them()
    {
        var locks = new LegLocks();
        var inside = new int[3];
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
        {
            var leg = i % 3;
            using (await locks.AcquireAsync($"ML{leg}", CancellationToken.None))
            {
                if (Interlocked.Increment(ref inside[leg]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside[leg]);
            }
        })));

        overlaps.Should().Be(0);
        locks.Count.Should().Be(0, "a leg nobody holds or waits for keeps no gate");
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_no_gate_behind()
    {
        var locks = new LegLocks();
        var held = await locks.AcquireAsync("ML1", CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var waiting = locks.AcquireAsync("ML1", giveUp.Token);

        await giveUp.CancelAsync();
        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        held.Dispose();

        locks.Count.Should().Be(0);
        using (await locks.AcquireAsync("ML1", CancellationToken.None))
        {
            locks.Count.Should().Be(1);
        }
    }
}
