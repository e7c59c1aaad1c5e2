using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Telephony.SharedKernel.Persistence;

/// <summary>
/// Sets up each SQLite connection the modules open (once per pooled native connection).
/// <list type="bullet">
/// <item>SQLite itself waits for a busy write lock. Without it Microsoft.Data.Sqlite retries a busy
/// statement after sleeping 150 ms, so two writers that met (a request's insert and the routing
/// journal's commit) cost the loser 150 ms; SQLite's own handler retries after 1, 2, 5, 10 ms...</item>
/// <item>Reads go through memory-mapped I/O. In WAL mode a reader drops its page cache whenever
/// another connection has committed, which under a steady stream of commits meant one read system
/// call per page per query; mapped pages are shared with the operating system's cache instead.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const int BusyWaitMilliseconds = 30_000;
    private const long MemoryMapBytes = 256L * 1024 * 1024;

    private readonly ConditionalWeakTable<sqlite3, object> _prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || _prepared.TryGetValue(handle, out _))
        {
            return;
        }

        raw.sqlite3_busy_timeout(handle, BusyWaitMilliseconds);
        raw.sqlite3_exec(handle, $"PRAGMA mmap_size = {MemoryMapBytes};");
        _prepared.AddOrUpdate(handle, handle);
    }
}
