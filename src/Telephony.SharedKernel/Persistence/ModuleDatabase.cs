using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.SharedKernel.Persistence;

/// <summary>
/// The one place that chooses the database provider. Each module owns one database (one SQLite
/// file in the data folder, WAL mode) and its migrations; all are applied at start-up.
/// </summary>
public static class ModuleDatabase
{
    private static readonly SqliteConnectionSetup ConnectionSetup = new();

    public static IServiceCollection AddModuleDatabase<TDb>(this IServiceCollection services, string name)
        where TDb : DbContext
    {
        // Contexts come from a pool: building one per request (and, before, its options) cost more
        // than the rest of an authenticated cache hit (measured: docs/benchmarks-mediacache.md).
        services.AddDbContextPool<TDb>((provider, options) => options
            .UseSqlite(ConnectionString(provider.GetRequiredService<DataFolder>(), name))
            .AddInterceptors(ConnectionSetup));
        services.AddSingleton<IModuleDatabase>(new ModuleDatabaseMigrator<TDb>(name));
        services.AddHealthChecks().AddDbContextCheck<TDb>($"database:{name}", tags: ["ready"]);
        return services;
    }

    public static string ConnectionString(DataFolder data, string name) => new SqliteConnectionStringBuilder
    {
        DataSource = data.File($"{name}.db"),
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// An open connection to a module's database, set up as its contexts' are, for a writer that keeps
    /// it (and its prepared statements) for its whole life instead of leasing a context per batch.
    /// </summary>
    public static SqliteConnection OpenDedicatedConnection(DataFolder data, string name)
    {
        var connection = new SqliteConnection(ConnectionString(data, name));
        try
        {
            connection.Open();
            SqliteConnectionSetup.Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Applies every module's pending migrations; runs before the host serves or runs a job.</summary>
    public static async Task MigrateModuleDatabasesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        foreach (var database in services.GetServices<IModuleDatabase>())
        {
            await using var scope = services.CreateAsyncScope();
            await database.MigrateAsync(scope.ServiceProvider, cancellationToken);
        }
    }
}

public interface IModuleDatabase
{
    string Name { get; }

    Task MigrateAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}

internal sealed class ModuleDatabaseMigrator<TDb>(string name) : IModuleDatabase
    where TDb : DbContext
{
    public string Name => name;

    public async Task MigrateAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<TDb>();
        // WAL lets readers proceed while a writer commits; the mode is stored in the file.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
