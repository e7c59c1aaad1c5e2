using Hangfire;
using Mediator;
using Telephony.TaskRouter.Features.Events;

namespace Telephony.TaskRouter.Jobs;

/// <summary>Keeps events for Twilio's 30 days: recurring, hourly.</summary>
internal sealed class PruneEventsJob(ISender sender)
{
    public const string RecurringId = "taskrouter:prune-events";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new PruneEvents.Command(), cancellationToken);
}
