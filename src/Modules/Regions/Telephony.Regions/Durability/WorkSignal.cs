namespace Telephony.Regions.Durability;

/// <summary>
/// Wakes a dedicated writer thread when work is queued for it. The thread sleeps without spinning:
/// a <see cref="SemaphoreSlim"/> or a blocking wait on a channel yields the CPU in a loop before it
/// sleeps, every time its thread runs dry, which was a tenth of a busy media host's CPU.
/// </summary>
internal sealed class WorkSignal : IDisposable
{
    private readonly ManualResetEventSlim _raised = new(initialState: false, spinCount: 0);

    public void Raise() => _raised.Set();

    /// <summary>Runs <paramref name="drain"/> each time the signal is raised, until <paramref name="stopping"/> is cancelled.</summary>
    public void RunUntilStopped(Action drain, CancellationToken stopping)
    {
        using var wake = stopping.Register(_raised.Set);
        while (!stopping.IsCancellationRequested)
        {
            // The registration above wakes it to stop, without a registration per wait.
            _raised.Wait(CancellationToken.None);

            // Reset before draining: work queued from here on raises the signal again.
            _raised.Reset();
            drain();
        }
    }

    public void Dispose() => _raised.Dispose();
}
