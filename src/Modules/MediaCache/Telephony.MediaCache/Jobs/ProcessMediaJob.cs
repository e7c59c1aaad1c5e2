using Mediator;
using Telephony.MediaCache.Features.Media;

namespace Telephony.MediaCache.Jobs;

/// <summary>
/// Fetches and transcodes one media resource. Retries are bounded by <c>MediaCache:MaxAttempts</c>
/// in the handler (the scheduler's default retry filter re-runs it; the handler stops counting).
/// </summary>
internal sealed class ProcessMediaJob(ISender sender)
{
    public async Task RunAsync(string mediaSid, CancellationToken cancellationToken) =>
        await sender.Send(new ProcessMedia.Command(mediaSid), cancellationToken);
}
