namespace Telephony.Regions.Media;

/// <summary>
/// One leg's changes at a time. A leg's gate lives only while someone holds or waits for it: a host
/// that serves sessions for months must not keep a semaphore for every leg it ever opened.
/// </summary>
internal sealed class LegLocks
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Legs with a holder or a waiter now.</summary>
    internal int Count
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    public async Task<IDisposable> AcquireAsync(string legSid, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(legSid, out gate!))
            {
                gate = new Gate();
                _gates.Add(legSid, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(legSid, gate);
            throw;
        }

        return new Releaser(this, legSid, gate);
    }

    private void Leave(string legSid, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(legSid);
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>The holder and the waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Releaser(LegLocks owner, string legSid, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Semaphore.Release();
                owner.Leave(legSid, gate);
            }
        }
    }
}
