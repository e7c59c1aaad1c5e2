using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Host;

/// <summary>
/// Migrates every module's database and runs the modules' start-up tasks. Registered before the
/// job server, so no job and no request meets an unmigrated database.
/// </summary>
internal sealed class ModuleStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigrateModuleDatabasesAsync(cancellationToken);
        await services.RunStartupTasksAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
