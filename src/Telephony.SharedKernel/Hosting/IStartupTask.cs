namespace Telephony.SharedKernel.Hosting;

/// <summary>
/// Work a module does once at start-up, after every database is migrated and before the host
/// serves: seeding, and rebuilding in-memory state from the database.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}
