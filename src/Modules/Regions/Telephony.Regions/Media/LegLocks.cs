using System.Collections.Concurrent;

namespace Telephony.Regions.Media;

/// <summary>Serialises changes to one leg (requirements, failover, end) across requests and the monitor.</summary>
internal sealed class LegLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string legSid, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(legSid, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
