using System.Collections.Concurrent;

namespace Telephony.MediaCache.Caching;

/// <summary>
/// At most one run of a piece of work per key at a time (nginx's proxy_cache_lock): callers that
/// arrive while it runs await the same task. The work runs detached from any caller's
/// cancellation, so one caller hanging up does not fail the others.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _flights = new(StringComparer.Ordinal);

    public int InFlight => _flights.Count;

    /// <returns>The result, and whether this caller started the work.</returns>
    public async Task<(T Result, bool Led)> RunAsync(string key, Func<Task<T>> work, CancellationToken callerToken)
    {
        Lazy<Task<T>>? mine = null;
        mine = new Lazy<Task<T>>(() => Task.Run(async () =>
        {
            try
            {
                return await work();
            }
            finally
            {
                _flights.TryRemove(KeyValuePair.Create(key, mine!));
            }
        }));
        var flight = _flights.GetOrAdd(key, mine);
        var result = await flight.Value.WaitAsync(callerToken);
        return (result, ReferenceEquals(flight, mine));
    }
}
