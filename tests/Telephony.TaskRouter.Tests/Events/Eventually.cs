namespace Telephony.TaskRouter.Tests.Events;

/// <summary>Waits for something the host does in the background (a callback, a job); fails with what was seen.</summary>
internal static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting for {what}; last seen: {value}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<T> MatchAsync<T>(Func<T> read, Func<T, bool> done, string what, int timeoutSeconds = 30) =>
        MatchAsync(() => Task.FromResult(read()), done, what, timeoutSeconds);
}
