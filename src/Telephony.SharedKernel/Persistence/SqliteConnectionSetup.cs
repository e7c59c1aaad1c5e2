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
/// <item>The query planner gets statistics: <c>PRAGMA optimize=0x10002</c> when a native connection
/// first opens and <c>PRAGMA optimize</c> at most hourly after (SQLite's advice for long-lived
/// connections; it analyzes only tables whose size changed a lot, with a row limit). Without
/// statistics SQLite took the workspace's index for lists filtered by workspace and by a
/// selective column (tasks of a queue), reading every row of the workspace.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const int BusyWaitMilliseconds = 30_000;
    private const long MemoryMapBytes = 256L * 1024 * 1024;

    private static readonly long OptimizeEveryMilliseconds = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    private readonly ConditionalWeakTable<sqlite3, Optimized> _prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return;
        }

        if (_prepared.TryGetValue(handle, out var optimized))
        {
            if (Environment.TickCount64 - optimized.At > OptimizeEveryMilliseconds)
            {
                raw.sqlite3_exec(handle, "PRAGMA optimize;");
                optimized.At = Environment.TickCount64;
            }

            return;
        }

        Configure(handle);
        _prepared.AddOrUpdate(handle, new Optimized { At = Environment.TickCount64 });
    }

    /// <summary>The same setup for a connection a module keeps open itself (no hourly re-analysis: it is not the one that plans lists).</summary>
    public static void Configure(SqliteConnection connection) => Configure(connection.Handle!);

    private static void Configure(sqlite3 handle)
    {
        raw.sqlite3_busy_timeout(handle, BusyWaitMilliseconds);
        raw.sqlite3_exec(handle, $"PRAGMA mmap_size = {MemoryMapBytes};");
        raw.sqlite3_exec(handle, "PRAGMA optimize=0x10002;");
    }

    private sealed class Optimized
    {
        public long At { get; set; }
    }
}
