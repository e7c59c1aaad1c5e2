using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.SharedKernel.Hosting;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Routing;

/// <summary>At start-up, before the host serves: every workspace's router is rebuilt from the database.</summary>
internal sealed class RoutingStateLoader(WorkspaceLoader loader, ILogger<RoutingStateLoader> logger) : IStartupTask
{
    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<TaskRouterDb>();
        var workspaces = await db.Workspaces.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var workspace in workspaces)
        {
            var router = await loader.LoadAsync(db, workspace, cancellationToken);
            logger.LogInformation("TaskRouter workspace {WorkspaceSid} restored: {Tasks} live task(s)", workspace.Sid, router.TaskCount);
        }
    }
}
