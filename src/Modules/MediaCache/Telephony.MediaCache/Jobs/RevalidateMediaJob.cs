using Mediator;
using Telephony.MediaCache.Features.Media;

namespace Telephony.MediaCache.Jobs;

/// <summary>Revalidates a stale entry that was served under stale-while-revalidate; a failure is left for the next stale request to retry.</summary>
internal sealed class RevalidateMediaJob(ISender sender)
{
    public async Task RunAsync(string accountSid, string url, string format, CancellationToken cancellationToken) =>
        await sender.Send(new RevalidateMedia.Command(accountSid, url, format), cancellationToken);
}
