using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.TaskRouter;

/// <summary>The work distribution service (Twilio TaskRouter v1 wire format).</summary>
public static class TaskRouterModule
{
    public static IServiceCollection AddTaskRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapTaskRouter(this IEndpointRouteBuilder endpoints) => endpoints;
}
