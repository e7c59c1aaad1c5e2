using Hangfire;
using Mediator;
using Telephony.MediaCache.Features.Media;

namespace Telephony.MediaCache.Jobs;

/// <summary>Revalidates a stale entry that was served under stale-while-revalidate. Not retried: the next stale request queues another.</summary>
internal sealed class RevalidateMediaJob(ISender sender)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(string accountSid, string url, string format, CancellationToken cancellationToken) =>
        await sender.Send(new RevalidateMedia.Command(accountSid, url, format), cancellationToken);
}
