using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.MediaCache;

/// <summary>The media layer: fetch, cache, transcode, and serve at persistent addresses.</summary>
public static class MediaCacheModule
{
    public static IServiceCollection AddMediaCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapMediaCache(this IEndpointRouteBuilder endpoints) => endpoints;
}
