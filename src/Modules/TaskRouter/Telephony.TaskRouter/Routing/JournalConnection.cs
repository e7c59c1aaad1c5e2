using Microsoft.Data.Sqlite;
using Telephony.SharedKernel.Persistence;

namespace Telephony.TaskRouter.Routing;

/// <summary>
/// The journal's own connection, open for the writer's life, with each statement it runs prepared
/// once and kept. Leasing a context per batch opened the connection (registering EF Core's SQL
/// functions) and parsed every statement again for each batch (docs/benchmarks-taskrouter.md).
/// Used by one writer at a time.
/// </summary>
internal sealed class JournalConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    private JournalConnection(SqliteConnection connection)
    {
        _connection = connection;
    }

    public static JournalConnection Open(DataFolder data) =>
        new(ModuleDatabase.OpenDedicatedConnection(data, TaskRouterModule.DatabaseName));

    /// <summary>Starts the batch's transaction; every statement runs in it until it is committed or rolled back.</summary>
    public SqliteTransaction Begin()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in _commands.Values)
        {
            command.Transaction = _transaction;
        }

        return _transaction;
    }

    /// <summary>Whether a transaction is open: a refusal may have rolled back the whole of it (<c>RAISE(ROLLBACK)</c>).</summary>
    public bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    /// <summary>The statement for this text, prepared on first use; its parameters stay bound to the last row's values.</summary>
    public SqliteCommand Statement(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            _commands.Add(sql, command);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }
}
