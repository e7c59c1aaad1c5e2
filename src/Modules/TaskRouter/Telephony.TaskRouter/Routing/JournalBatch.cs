using System.Data.Common;
using Microsoft.Data.Sqlite;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// One batch of engine events written as one transaction: latest state per resource, and every event.
/// This is the engine's hot write path, so it skips EF Core: the journal's own connection and one
/// prepared statement per kind of row, reused for every row of every batch (the columns are those
/// of <see cref="TaskRouterDb"/>'s model).
/// A row deleted through the API while its events were queued simply matches nothing.
/// </summary>
internal static class JournalBatch
{
    // A task created while its workspace was being deleted is not stored; a workflow or channel
    // deleted meanwhile leaves the sid null, as it does for the tasks that outlive them.
    private const string InsertTask = """
        INSERT INTO "Tasks" ("Sid", "AccountSid", "WorkspaceSid", "Attributes", "AssignmentStatus", "Priority", "Timeout", "VirtualStartTime",
            "WorkflowSid", "TaskChannelSid", "Version", "DateCreated", "DateUpdated")
        SELECT $sid, $account, $workspace, $attributes, $status, $priority, $timeout, $virtualStart,
            (SELECT "Sid" FROM "Workflows" WHERE "Sid" = $workflow), (SELECT "Sid" FROM "TaskChannels" WHERE "Sid" = $channel), $version, $created, $created
        WHERE EXISTS (SELECT 1 FROM "Workspaces" WHERE "Sid" = $workspace)
        ON CONFLICT ("Sid") DO NOTHING
        """;

    // A queue deleted meanwhile leaves the sid null, as it does for the tasks that outlive it (the
    // delete waits for the journal first, but a record that broke the foreign key would stop the journal).
    private const string UpdateTask = """
        UPDATE "Tasks" SET "AssignmentStatus" = $status, "Priority" = $priority, "Attributes" = $attributes,
            "TaskQueueSid" = (SELECT "Sid" FROM "TaskQueues" WHERE "Sid" = $queue),
            "TaskQueueEnteredDate" = $entered, "Reason" = $reason, "VirtualStartTime" = COALESCE($virtualStart, "VirtualStartTime"), "Version" = $version, "DateUpdated" = $updated
        WHERE "Sid" = $sid
        """;

    // A new reservation is stored only while its task is (a deleted task takes its reservations with it).
    private const string UpsertReservation = """
        INSERT INTO "Reservations" ("Sid", "AccountSid", "WorkspaceSid", "TaskSid", "WorkerSid", "WorkerName", "TaskQueueSid", "Status", "DateCreated", "DateUpdated")
        SELECT $sid, $account, $workspace, $task, $worker, $workerName, $queue, $status, $created, $updated
        WHERE EXISTS (SELECT 1 FROM "Tasks" WHERE "Sid" = $task)
        ON CONFLICT ("Sid") DO UPDATE SET "Status" = excluded."Status", "DateUpdated" = excluded."DateUpdated"
        """;

    // A worker that went A -> B -> A within one batch is back in A since a later instant.
    private const string UpdateWorker = """
        UPDATE "Workers" SET "ActivitySid" = $activity, "DateStatusChanged" = $changed, "DateUpdated" = $changed, "Version" = "Version" + 1
        WHERE "Sid" = $sid AND ("ActivitySid" <> $activity OR "DateStatusChanged" <> $changed)
        """;

    private const string EntrySavepoint = "journal_entry";

    private const string OutboxHasEvents = """SELECT EXISTS (SELECT 1 FROM "EventCallbackDeliveries")""";

    private const string WorkspaceExists = """SELECT EXISTS (SELECT 1 FROM "Workspaces" WHERE "Sid" = $workspace)""";

    private const string InsertEvent = """
        INSERT INTO "Events" ("Sid", "AccountSid", "WorkspaceSid", "EventType", "EventDate", "DateCreated", "DateUpdated", "ResourceSid", "ResourceType",
            "TaskSid", "WorkerSid", "ReservationSid", "TaskQueueSid", "WorkflowSid", "Description", "TaskAge", "EventData")
        VALUES ($sid, $account, $workspace, $type, $date, $created, $updated, $resource, $resourceType, $task, $worker, $reservation, $queue, $workflow, $description, $taskAge, $data)
        """;

    public static async Task<JournalCommit> WriteAsync(JournalConnection journal, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        await using var transaction = journal.Begin();
        await WriteRowsAsync(journal, batch, cancellationToken);
        return await CommitAsync(journal, transaction, cancellationToken);
    }

    /// <summary>
    /// The batch in one transaction still, but each entry behind a savepoint, in order: an entry the
    /// database refuses (a constraint) is rolled back alone and named in the answer; the others are
    /// written as they would have been one by one. A refusal that took the whole transaction with it
    /// is thrown, as one at the commit is.
    /// </summary>
    public static async Task<(JournalCommit Commit, List<(JournalEntry Entry, SqliteException Refusal)> Refused)> WriteEachAsync(
        JournalConnection journal, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var refused = new List<(JournalEntry, SqliteException)>();
        await using var transaction = journal.Begin();
        foreach (var entry in batch)
        {
            await transaction.SaveAsync(EntrySavepoint, cancellationToken);
            try
            {
                await WriteRowsAsync(journal, [entry], cancellationToken);
            }
            catch (SqliteException e) when (IsRefusal(e) && journal.InTransaction)
            {
                await transaction.RollbackAsync(EntrySavepoint, cancellationToken);
                refused.Add((entry, e));
            }

            await transaction.ReleaseAsync(EntrySavepoint, cancellationToken);
        }

        return (await CommitAsync(journal, transaction, cancellationToken), refused);
    }

    /// <summary>A record the database refuses, as it would again on every retry.</summary>
    public static bool IsRefusal(SqliteException exception) => exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT;

    private static async Task<JournalCommit> CommitAsync(JournalConnection journal, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        // The events' trigger queued callbacks only for workspaces with an EventCallbackUrl: when
        // none has one, the dispatcher need not look.
        var queued = Convert.ToInt64(await journal.Statement(OutboxHasEvents).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        await transaction.CommitAsync(cancellationToken);
        return new JournalCommit(queued);
    }

    private static async Task WriteRowsAsync(JournalConnection journal, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var tasks = new Dictionary<string, TaskSnapshot>(StringComparer.Ordinal);
        var reservations = new Dictionary<string, (JournalEntry Entry, ReservationSnapshot Reservation)>(StringComparer.Ordinal);
        var workers = new Dictionary<string, WorkerState>(StringComparer.Ordinal);
        foreach (var entry in batch)
        {
            var routingEvent = entry.Event;
            if (routingEvent.Task is { } task)
            {
                tasks[task.Sid] = task;
            }

            if (routingEvent.Reservation is { } reservation)
            {
                reservations[reservation.Sid] = (entry, reservation);
            }

            if (routingEvent.Worker is { } worker)
            {
                workers[worker.Sid] = worker;
            }
        }

        await InsertTasksAsync(journal, batch, cancellationToken);
        await WriteTasksAsync(journal, tasks.Values, cancellationToken);
        await WriteReservationsAsync(journal, reservations.Values, cancellationToken);
        await WriteWorkersAsync(journal, workers.Values, cancellationToken);
        await WriteEventsAsync(journal, batch, cancellationToken);
    }

    private static async Task InsertTasksAsync(JournalConnection journal, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var command = journal.Statement(InsertTask);
        foreach (var task in batch.Select(entry => entry.NewTask).OfType<WorkTask>())
        {
            Bind(command, ("$sid", task.Sid), ("$account", task.AccountSid), ("$workspace", task.WorkspaceSid), ("$attributes", task.Attributes),
                ("$status", task.AssignmentStatus.ToString()), ("$priority", task.Priority), ("$timeout", task.Timeout), ("$virtualStart", task.VirtualStartTime),
                ("$workflow", task.WorkflowSid), ("$channel", task.TaskChannelSid), ("$version", task.Version), ("$created", task.DateCreated));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteTasksAsync(JournalConnection journal, IEnumerable<TaskSnapshot> tasks, CancellationToken cancellationToken)
    {
        var command = journal.Statement(UpdateTask);
        foreach (var task in tasks)
        {
            Bind(command, ("$sid", task.Sid), ("$status", Status(task.Status).ToString()), ("$priority", task.Priority), ("$attributes", task.AttributesJson),
                ("$queue", task.TaskQueueSid), ("$entered", task.TaskQueueEnteredAt?.UtcDateTime), ("$reason", task.Reason),
                ("$virtualStart", task.Details?.VirtualStartTime), ("$version", task.Version), ("$updated", task.UpdatedAt.UtcDateTime));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A live task's row as <see cref="WriteTasksAsync"/> records the snapshot (the same columns; the
    /// others from the details the engine keeps with it), so a request can answer with the task as it
    /// is without reading the row.
    /// </summary>
    public static WorkTask Recorded(TaskSnapshot task, TaskDetails details) => new()
    {
        Sid = task.Sid,
        AccountSid = details.AccountSid,
        WorkspaceSid = details.WorkspaceSid,
        Timeout = details.Timeout,
        VirtualStartTime = details.VirtualStartTime,
        WorkflowSid = task.WorkflowSid,
        TaskChannelSid = details.TaskChannelSid,
        DateCreated = details.DateCreated,
        AssignmentStatus = Status(task.Status),
        Priority = task.Priority,
        Attributes = task.AttributesJson,
        TaskQueueSid = task.TaskQueueSid,
        TaskQueueEnteredDate = task.TaskQueueEnteredAt?.UtcDateTime,
        Reason = task.Reason,
        Version = task.Version,
        DateUpdated = task.UpdatedAt.UtcDateTime,
    };

    private static async Task WriteReservationsAsync(JournalConnection journal, IEnumerable<(JournalEntry Entry, ReservationSnapshot Reservation)> reservations, CancellationToken cancellationToken)
    {
        var command = journal.Statement(UpsertReservation);
        foreach (var (entry, reservation) in reservations)
        {
            Bind(command, ("$sid", reservation.Sid), ("$account", entry.AccountSid), ("$workspace", entry.WorkspaceSid), ("$task", reservation.TaskSid),
                ("$worker", reservation.WorkerSid), ("$workerName", reservation.WorkerName), ("$queue", reservation.TaskQueueSid),
                ("$status", State(reservation.Status).ToString()), ("$created", reservation.CreatedAt.UtcDateTime), ("$updated", reservation.UpdatedAt.UtcDateTime));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteWorkersAsync(JournalConnection journal, IEnumerable<WorkerState> workers, CancellationToken cancellationToken)
    {
        var command = journal.Statement(UpdateWorker);
        foreach (var worker in workers)
        {
            Bind(command, ("$sid", worker.Sid), ("$activity", worker.ActivitySid), ("$changed", worker.DateStatusChanged.UtcDateTime));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Every Twilio event (not the journal's state-only records), except those of a workspace deleted
    /// while they were queued: it took its history with it.
    /// </summary>
    private static async Task WriteEventsAsync(JournalConnection journal, IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var live = new Dictionary<string, bool>(StringComparer.Ordinal);
        var exists = journal.Statement(WorkspaceExists);
        foreach (var workspace in batch.Select(entry => entry.WorkspaceSid).Distinct(StringComparer.Ordinal))
        {
            Bind(exists, ("$workspace", workspace));
            live[workspace] = Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }

        var command = journal.Statement(InsertEvent);
        foreach (var entry in batch.Where(entry => live[entry.WorkspaceSid] && EventTypes.IsTwilioEvent(entry.Event.EventType)))
        {
            var row = EventRecords.From(entry);
            Bind(command, ("$sid", row.Sid), ("$account", row.AccountSid), ("$workspace", row.WorkspaceSid), ("$type", row.EventType), ("$date", row.EventDate),
                ("$created", row.DateCreated), ("$updated", row.DateUpdated), ("$resource", row.ResourceSid), ("$resourceType", row.ResourceType), ("$task", row.TaskSid),
                ("$worker", row.WorkerSid), ("$reservation", row.ReservationSid), ("$queue", row.TaskQueueSid), ("$workflow", row.WorkflowSid),
                ("$description", row.Description), ("$taskAge", row.TaskAge), ("$data", row.EventData));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sets the statement's parameters by position, creating them on its first use: every call for a
    /// statement names them in the same order, and the statement lives as long as the connection.
    /// </summary>
    private static void Bind(DbCommand command, params (string Name, object? Value)[] values)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < values.Length; i++)
        {
            var (name, value) = values[i];
            if (i == parameters.Count)
            {
                parameters.Add(NewParameter(command, name));
            }

            var parameter = parameters[i];
            if (!string.Equals(parameter.ParameterName, name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Parameter {i} of this journal statement is {parameter.ParameterName}, not {name}.");
            }

            parameter.Value = value ?? DBNull.Value;
        }
    }

    private static DbParameter NewParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        return parameter;
    }

    public static AssignmentStatus Status(TaskAssignmentStatus status) => status switch
    {
        TaskAssignmentStatus.Pending => AssignmentStatus.Pending,
        TaskAssignmentStatus.Reserved => AssignmentStatus.Reserved,
        TaskAssignmentStatus.Assigned => AssignmentStatus.Assigned,
        TaskAssignmentStatus.Wrapping => AssignmentStatus.Wrapping,
        TaskAssignmentStatus.Completed => AssignmentStatus.Completed,
        _ => AssignmentStatus.Canceled,
    };

    public static ReservationState State(ReservationStatus status) => status switch
    {
        ReservationStatus.Pending => ReservationState.Pending,
        ReservationStatus.Accepted => ReservationState.Accepted,
        ReservationStatus.Rejected => ReservationState.Rejected,
        ReservationStatus.Timeout => ReservationState.Timeout,
        ReservationStatus.Canceled => ReservationState.Canceled,
        ReservationStatus.Rescinded => ReservationState.Rescinded,
        ReservationStatus.Wrapping => ReservationState.Wrapping,
        _ => ReservationState.Completed,
    };
}
