using Hangfire;
using Mediator;
using Telephony.Regions.Features.Recordings;

namespace Telephony.Regions.Jobs;

/// <summary>Expires abandoned uploads of the central media service (recurring).</summary>
internal sealed class ExpireUploadsJob(ISender sender)
{
    public const string RecurringId = "regions:expire-uploads";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        await sender.Send(new ExpireUploads.Command(), cancellationToken);
}
