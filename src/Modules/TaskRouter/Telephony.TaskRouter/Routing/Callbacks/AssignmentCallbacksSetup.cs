using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Outbound;

namespace Telephony.TaskRouter.Routing.Callbacks;

internal static class AssignmentCallbacksSetup
{
    public static IServiceCollection AddAssignmentCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<AssignmentCallbackOptions>(configuration, AssignmentCallbackOptions.Section);
        services.AddSafeOutboundHttpClient(AssignmentCallbackSender.ClientName);
        services.AddSingleton<AssignmentCallbackQueue>();
        services.AddSingleton<IJournalObserver>(provider => provider.GetRequiredService<AssignmentCallbackQueue>());
        services.AddSingleton<AssignmentCallbackSender>();
        services.AddSingleton<AssignmentInstructions>();
        services.AddSingleton<WorkflowCallbackUrls>();
        services.AddHostedService<AssignmentCallbackDispatcher>();
        return services;
    }
}
