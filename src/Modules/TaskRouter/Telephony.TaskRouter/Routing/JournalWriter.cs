using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.SharedKernel.Persistence;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// Records the engine's events in the database: each batch (everything queued, up to
/// <see cref="MaxBatch"/>) becomes one transaction that writes the latest state of every task,
/// reservation and worker it touched and an event row per event. Group commit is what lets the
/// engine decide thousands of times a second while the database stays the record.
/// </summary>
internal sealed class JournalWriter(
    RoutingJournal journal,
    RoutingEngine engine,
    DataFolder data,
    IEnumerable<IJournalObserver> observers,
    ILogger<JournalWriter> logger) : BackgroundService
{
    private const int MaxBatch = 2_000;

    private JournalConnection? _connection;

    /// <summary>The current batch's entries the database refused: not recorded, so no observer hears of them.</summary>
    private readonly HashSet<RoutingEvent> _refused = new(ReferenceEqualityComparer.Instance);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await journal.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is already queued is still written, below.
        }

        await WriteAvailableAsync(CancellationToken.None);
        _connection?.Dispose();
    }

    private async Task WriteAvailableAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new List<JournalEntry>();
            while (batch.Count < MaxBatch && journal.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count == 0)
            {
                return;
            }

            _refused.Clear();
            var commit = await WriteWithRetryAsync(batch, cancellationToken);
            journal.MarkPersisted(batch.Count);
            var recorded = _refused.Count == 0 ? batch : batch.FindAll(entry => !_refused.Contains(entry.Event));
            foreach (var observer in observers)
            {
                observer.OnPersisted(recorded, commit);
            }

            // A task whose finish was refused stays in the engine, which still shows it as it is.
            ForgetFinishedTasks(recorded);
        }
    }

    private async Task<JournalCommit> WriteWithRetryAsync(List<JournalEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await RetryAsync(connection => JournalBatch.WriteAsync(connection, batch, cancellationToken), batch.Count, refusalIsTheCallers: true, cancellationToken);
        }
        catch (SqliteException e) when (JournalBatch.IsRefusal(e))
        {
            // A record the database refuses is refused again on every retry, and every request
            // waiting on the journal would wait with it: the batch is written again entry by entry, each
            // behind a savepoint (in order, each entry's state as it was then, still one commit), and only
            // a refused entry is left out. The batch's transaction rolled back: the connection and its
            // statements are still good.
            try
            {
                var (commit, refused) = await RetryAsync(connection => JournalBatch.WriteEachAsync(connection, batch, cancellationToken), batch.Count, refusalIsTheCallers: true, cancellationToken);
                foreach (var (entry, refusal) in refused)
                {
                    Refused(entry, refusal);
                }

                return commit;
            }
            catch (SqliteException whole) when (JournalBatch.IsRefusal(whole))
            {
                // A refusal no savepoint could hold (it rolled back the whole transaction, or came at
                // the commit): each entry in a transaction of its own; a single entry is refused.
                if (batch.Count > 1)
                {
                    return await WriteAloneAsync(batch, cancellationToken);
                }

                Refused(batch[0], whole);
                return new JournalCommit(EventCallbacksQueued: false);
            }
        }
    }

    /// <summary>The last resort: each entry written as a batch of its own, so that a refusal takes only its entry.</summary>
    private async Task<JournalCommit> WriteAloneAsync(List<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var queued = false;
        foreach (var entry in batch)
        {
            queued |= (await WriteWithRetryAsync([entry], cancellationToken)).EventCallbacksQueued;
        }

        return new JournalCommit(queued);
    }

    /// <summary>Writes until it succeeds, on a new connection after each failure (but a refusal, when it is the caller's).</summary>
    private async Task<T> RetryAsync<T>(Func<JournalConnection, Task<T>> write, int count, bool refusalIsTheCallers, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _connection ??= JournalConnection.Open(data);
                return await write(_connection);
            }
            catch (Exception e) when (e is not OperationCanceledException && !(refusalIsTheCallers && e is SqliteException sqlite && JournalBatch.IsRefusal(sqlite)))
            {
                // The next attempt starts on a new connection: whatever failed may have left this one unusable.
                _connection?.Dispose();
                _connection = null;
                // The database is the record: never drop a batch; the waiting requests wait with it.
                logger.LogError(e, "Writing {Count} TaskRouter event(s) failed (attempt {Attempt}); retrying", count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * attempt)), cancellationToken);
            }
        }
    }

    private void Refused(JournalEntry entry, SqliteException refusal)
    {
        logger.LogCritical(
            refusal,
            "The database refused TaskRouter event {EventType} of {ResourceSid} (workspace {WorkspaceSid}); it is not recorded: the engine shows the change until a restart reads the rows again",
            entry.Event.EventType,
            entry.Event.ResourceSid,
            entry.WorkspaceSid);
        _refused.Add(entry.Event);
    }

    private void ForgetFinishedTasks(List<JournalEntry> batch)
    {
        foreach (var entry in batch)
        {
            if (entry.Event.Task is { Status: TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled } task
                && engine.TryGet(entry.WorkspaceSid, out var router))
            {
                router.ForgetTask(task.Sid);
            }
        }
    }
}
