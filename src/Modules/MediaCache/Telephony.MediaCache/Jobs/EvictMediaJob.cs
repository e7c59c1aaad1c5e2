using Hangfire;
using Mediator;
using Telephony.MediaCache.Features.Media;

namespace Telephony.MediaCache.Jobs;

/// <summary>Keeps the store under its budget; recurring, and queued when a store goes over it.</summary>
internal sealed class EvictMediaJob(ISender sender)
{
    public const string RecurringId = "mediacache:evict";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new EvictMedia.Command(), cancellationToken);
}
