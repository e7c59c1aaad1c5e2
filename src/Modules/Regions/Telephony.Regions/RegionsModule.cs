using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Regions;

/// <summary>Regional media sessions, media resource selection and the store-and-forward tunnel.</summary>
public static class RegionsModule
{
    public static IServiceCollection AddRegions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder endpoints) => endpoints;
}
