using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class TaskQueueRules
{
    public static IRuleBuilderOptions<T, int?> MaxReservedWorkers<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, TaskRouterLimits.MaxReservedWorkers);

    public static IQueryable<TaskQueue> WithActivities(this IQueryable<TaskQueue> queues) =>
        queues.Include(q => q.ReservationActivity).Include(q => q.AssignmentActivity);

    public static async Task EnsureNameFreeAsync(TaskRouterDb db, WorkspaceScope scope, string name, CancellationToken cancellationToken)
    {
        if (await db.TaskQueues.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(q => q.FriendlyName == name, cancellationToken))
        {
            throw ApiException.Conflict(Duplicate(name), "FriendlyName");
        }
    }

    public static string Duplicate(string? name) => $"A task queue named '{name}' already exists in this workspace.";
}
