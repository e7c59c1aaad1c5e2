using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// Fires the engine's due timers (reservation timeouts, target timeouts, task TTLs). The timers
/// live in the routers, which are rebuilt from the database at start-up, so they survive restarts.
/// </summary>
internal sealed class RoutingClock(RoutingEngine engine, TimeProvider clock, ILogger<RoutingClock> logger) : BackgroundService
{
    /// <summary>Twilio's timeouts are whole seconds; a tenth of one is precise enough and costs nothing idle.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var router in engine.Routers)
            {
                if (router.NextDueAt is { } due && due <= now)
                {
                    try
                    {
                        router.RunDue();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Timers of workspace {WorkspaceSid} failed", router.Settings.WorkspaceSid);
                    }
                }
            }
        }
    }
}
