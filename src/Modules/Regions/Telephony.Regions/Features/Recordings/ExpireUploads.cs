using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Data;

namespace Telephony.Regions.Features.Recordings;

/// <summary>
/// tus' expiration: an upload that is not complete and has received nothing for
/// <c>Regions:UploadExpiryMinutes</c> is abandoned. It keeps the bytes it holds (readable at
/// <c>/Content</c>, status <c>expired</c>); further appends are refused with 410 Gone, which
/// tells the media region to stop sending. Run by a recurring job.
/// </summary>
internal static class ExpireUploads
{
    internal sealed record Command : ICommand<int>;

    internal sealed class Handler(RegionsDb db, UploadCommitter committer, IOptions<RegionsOptions> options, TimeProvider clock) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.Value.UploadExpiryMinutes);
            var abandoned = await db.Recordings.AsNoTracking()
                .Where(r => r.Length == null && r.DateExpired == null && (r.LastAppend ?? r.DateCreated) < cutoff)
                .Select(r => r.Sid).ToListAsync(cancellationToken);

            // Through the committer, the only writer of upload state: an append racing the expiry is seen by it.
            var expired = 0;
            foreach (var sid in abandoned)
            {
                var status = await committer.SubmitAsync(new ExpireWork(sid, cutoff), cancellationToken);
                expired += status.Expired ? 1 : 0;
            }

            return expired;
        }
    }
}
