using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Outbound;

namespace Telephony.TaskRouter.Routing.EventDelivery;

internal static class EventCallbackRegistration
{
    /// <summary>The dispatcher is one instance: the journal's observer (wake-ups) and a hosted service (delivery loop).</summary>
    public static IServiceCollection AddEventCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<EventCallbackOptions>(configuration, EventCallbackOptions.Section);
        services.AddSafeOutboundHttpClient(EventCallbackDispatcher.HttpClientName);
        services.AddSingleton<EventCallbackDispatcher>();
        services.AddSingleton<IJournalObserver>(provider => provider.GetRequiredService<EventCallbackDispatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<EventCallbackDispatcher>());
        return services;
    }
}
