using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Tests;

/// <summary>Stands in for the assignment engine (a later issue): moves a task the way only the engine may.</summary>
internal static class EngineStandIn
{
    public static async Task AsEngineAsync(this TelephonyApp app, string taskSid, Action<WorkTask> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
        var task = await db.Tasks.FindAsync(taskSid) ?? throw new InvalidOperationException($"No task {taskSid}");
        change(task);
        task.Version++;
        await db.SaveChangesAsync();
    }
}
