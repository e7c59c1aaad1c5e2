using Microsoft.Extensions.DependencyInjection;

namespace Telephony.SharedKernel.Hosting;

public static class StartupTasks
{
    public static async Task RunStartupTasksAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        foreach (var task in services.GetServices<IStartupTask>())
        {
            await using var scope = services.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }
}
