using FluentValidation;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workflows;

internal static class WorkflowRules
{
    public static IRuleBuilderOptions<T, int?> TaskReservationTimeout<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, TaskRouterLimits.MaxReservationTimeout);

    public static IRuleBuilderOptions<T, string?> ConfigurationSize<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(TaskRouterLimits.WorkflowConfigurationLength);
}
