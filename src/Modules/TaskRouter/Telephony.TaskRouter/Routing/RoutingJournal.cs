using System.Collections.Concurrent;
using System.Threading.Channels;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// An engine event with the workspace it happened in. A <c>task.created</c> carries the new task's
/// row, which the journal inserts in the same transaction as what the engine did with it.
/// </summary>
internal readonly record struct JournalEntry(string AccountSid, string WorkspaceSid, RoutingEvent Event, WorkTask? NewTask = null);

/// <summary>
/// The engine's write-behind log. Routers publish here under their workspace lock (no I/O); the
/// <see cref="JournalWriter"/> records batches in the database in publication order, one transaction
/// per batch. A request that changed routing state waits with <see cref="WaitPersistedAsync"/> before
/// it answers, so a client always reads what it just did.
/// </summary>
internal sealed class RoutingJournal
{
    private readonly Channel<JournalEntry> _channel = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, WorkTask> _newTasks = new(StringComparer.Ordinal);
    private readonly Lock _publishing = new();
    private long _published;
    private long _persisted;
    private TaskCompletionSource _progress = NewProgress();

    public ChannelReader<JournalEntry> Reader => _channel.Reader;

    public IRoutingEventSink SinkFor(string accountSid, string workspaceSid) => new Sink(this, accountSid, workspaceSid);

    /// <summary>
    /// Holds a new task's row until the engine announces it (<c>task.created</c>), so that the row is
    /// written by the journal's next group commit, ahead of the reservations made for it, instead of
    /// in a transaction (and a disk flush) of its own. Withdraw it if the engine refuses the task.
    /// </summary>
    public void Stage(WorkTask row) => _newTasks[row.Sid] = row;

    public void Withdraw(string taskSid) => _newTasks.TryRemove(taskSid, out _);

    /// <summary>Completes once every event published before the call is in the database.</summary>
    public Task WaitPersistedAsync(CancellationToken cancellationToken) => WaitPersistedThroughAsync(Volatile.Read(ref _published), cancellationToken);

    /// <summary>
    /// For a read of engine state: completes once the last event of what it shows (a task's or a
    /// worker's <c>LastEventSequence</c>, as <see cref="IRoutingEventSink.Publish"/> numbered it) and every
    /// one before it are in the database, not everything other requests published meanwhile. Without a
    /// sequence (the engine no longer holds the resource), everything published before the call.
    /// </summary>
    public Task WaitShownPersistedAsync(long? lastEventSequence, CancellationToken cancellationToken) =>
        WaitPersistedThroughAsync(lastEventSequence ?? Volatile.Read(ref _published), cancellationToken);

    private async Task WaitPersistedThroughAsync(long sequence, CancellationToken cancellationToken)
    {
        // Entries enter the channel in the order they are numbered and the writer counts what it has
        // consumed: once that count reaches the sequence, that entry and all before it are in.
        while (true)
        {
            var progress = Volatile.Read(ref _progress);
            if (Volatile.Read(ref _persisted) >= sequence)
            {
                return;
            }

            await progress.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Deletes a row the journal's records may name (a queue, an activity) once the engine has let it
    /// go: what the engine decided before is recorded first, since those records name the row. Not
    /// cancelled half way: the engine no longer has it, so the row must go too, or
    /// <paramref name="reinstate"/> gives it back to the engine.
    /// </summary>
    public async Task DeleteReleasedRowAsync(TaskRouterDb db, object row, Action reinstate)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reinstate);
        try
        {
            await WaitPersistedAsync(CancellationToken.None);
            db.Remove(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch
        {
            reinstate();
            throw;
        }
    }

    public void MarkPersisted(int count)
    {
        Interlocked.Add(ref _persisted, count);
        Interlocked.Exchange(ref _progress, NewProgress()).TrySetResult();
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long Publish(JournalEntry entry)
    {
        // Numbered and queued together, so that an entry's number is its place in the channel
        // (workspaces publish concurrently, each under its own lock).
        lock (_publishing)
        {
            _channel.Writer.TryWrite(entry);
            return ++_published;
        }
    }

    private sealed class Sink(RoutingJournal journal, string accountSid, string workspaceSid) : IRoutingEventSink
    {
        public long Publish(RoutingEvent routingEvent)
        {
            var newTask = routingEvent.EventType == EventTypes.TaskCreated && journal._newTasks.TryRemove(routingEvent.ResourceSid, out var row) ? row : null;
            return journal.Publish(new JournalEntry(accountSid, workspaceSid, routingEvent, newTask));
        }
    }
}

/// <summary>Told about each batch once it is in the database (callbacks, event delivery). Must only enqueue.</summary>
internal interface IJournalObserver
{
    void OnPersisted(IReadOnlyList<JournalEntry> batch, JournalCommit commit);
}

/// <summary>What a committed batch left behind: whether events wait in the callback outbox (any workspace's, any time).</summary>
internal readonly record struct JournalCommit(bool EventCallbacksQueued);
