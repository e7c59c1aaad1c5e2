using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.MediaCache.Features.Media;
using Telephony.MediaCache.Health;
using Telephony.MediaCache.Jobs;
using Telephony.MediaCache.Processing;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Outbound;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache;

/// <summary>The media layer: fetch, cache, transcode, and serve at persistent addresses.</summary>
public static class MediaCacheModule
{
    public static IServiceCollection AddMediaCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCheckedSettings<MediaCacheOptions>(configuration, MediaCacheOptions.Section);
        services.AddModuleDatabase<MediaCacheDb>("mediacache");
        services.AddSafeOutboundHttpClient(OriginFetcher.ClientName)
            // The fetcher bounds the whole download itself (MediaCache:FetchTimeout).
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddMetrics();
        services.AddSingleton<HotFiles>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<Transcoder>();
        services.AddSingleton<CacheIndex>();
        services.AddSingleton<UsageTracker>();
        services.AddSingleton<MediaStatistics>();
        services.AddSingleton<SingleFlight<Resolved>>();
        services.AddSingleton<SingleFlight<string>>();
        services.AddSingleton<MediaPipeline>();
        services.AddSingleton<AccountMedia>();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageWriter>());
        services.AddScoped<OriginFetcher>();
        services.AddScoped<MediaQueue>();
        services.AddSingleton<MediaJobs>();
        services.AddSingleton<IStartupTask, LoadCacheIndex>();
        services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg", tags: ["ready"]);
        services.AddSingleton<FfmpegHealthCheck>();
        // Validators are stateless; building one per request compiled its rules every time.
        services.AddValidatorsFromAssemblyContaining<MediaCacheDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapMediaCache(this IEndpointRouteBuilder endpoints)
    {
        var media = endpoints.MapApiGroup("/v1/Media", "Media");
        FetchMediaFeature.Map(media);
        PrefetchMedia.Map(media);
        GetStatistics.Map(media);
        CreateMedia.Map(media);
        ListMedia.Map(media);
        GetMedia.Map(media);
        UpdateMedia.Map(media);
        DeleteMedia.Map(media);
        ServeContent.Map(endpoints);

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MediaCacheOptions>>().Value;
        endpoints.ServiceProvider.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<EvictMediaJob>(EvictMediaJob.RecurringId, job => job.RunAsync(CancellationToken.None), options.EvictionSchedule);
        return endpoints;
    }
}
