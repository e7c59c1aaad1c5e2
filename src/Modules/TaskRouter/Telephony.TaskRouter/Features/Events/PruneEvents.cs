using Mediator;
using Microsoft.EntityFrameworkCore;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Events;

/// <summary>
/// Deletes events older than Twilio's 30-day retention, in batches so that the journal writer (which
/// shares the database file) never waits long behind one huge delete. Their pending callbacks go with them.
/// </summary>
internal static class PruneEvents
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public const int BatchSize = 2_000;

    /// <summary>Returns how many events were deleted.</summary>
    internal sealed record Command : ICommand<int>;

    internal sealed class Handler(TaskRouterDb db, TimeProvider clock) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            var cutoff = clock.GetUtcNow().UtcDateTime - Retention;
            var deleted = 0;
            // Workspace by workspace, through the (WorkspaceSid, EventDate) index the event lists use:
            // an index on the date alone would cost every recorded event a write for this daily job.
            foreach (var workspace in await db.Workspaces.Select(w => w.Sid).ToListAsync(cancellationToken))
            {
                while (true)
                {
                    var batch = await db.Events.Where(e => e.WorkspaceSid == workspace && e.EventDate < cutoff)
                        .OrderBy(e => e.EventDate).Select(e => e.Sid).Take(BatchSize).ToListAsync(cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    deleted += await db.Events.Where(e => batch.Contains(e.Sid)).ExecuteDeleteAsync(cancellationToken);
                }
            }

            return deleted;
        }
    }
}
