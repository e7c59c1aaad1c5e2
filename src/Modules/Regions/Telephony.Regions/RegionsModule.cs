using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Central;
using Telephony.Regions.Data;
using Telephony.Regions.Features.MediaResources;
using Telephony.Regions.Features.Recordings;
using Telephony.Regions.Features.Regions;
using Telephony.Regions.Features.Sessions;
using Telephony.Regions.Jobs;
using Telephony.Regions.Media;
using Telephony.Regions.Peer;
using Telephony.Regions.Resources;
using Telephony.Regions.Selection;
using Telephony.Regions.Tunnel;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions;

/// <summary>Regional media sessions, media resource selection and the store-and-forward tunnel.</summary>
public static class RegionsModule
{
    public static IServiceCollection AddRegions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCheckedSettings<RegionsOptions>(configuration, RegionsOptions.Section);
        var settings = CheckedSettings.Read<RegionsOptions>(configuration, RegionsOptions.Section);

        services.AddModuleDatabase<RegionsDb>("regions");
        services.AddSingleton<RegionCatalog>();
        services.AddSingleton<ResourceSelector>();
        services.AddSingleton<ResourceRegistry>();
        services.AddSingleton<LegLocks>();
        services.AddSingleton<UploadSignal>();
        services.AddSingleton<BufferLedger>();
        services.AddSingleton<MediaRuntime>();
        services.AddSingleton<PeerClient>();
        services.AddSingleton<CentralMediaClient>();
        services.AddScoped<Placer>();
        services.AddScoped<LegService>();
        services.AddScoped<MediaGateway>();
        services.AddScoped<CentralMediaService>();
        services.AddSingleton<IStartupTask, RegionsStartup>();
        services.AddSingleton<UploadCommitter>();
        services.AddHostedService(provider => provider.GetRequiredService<UploadCommitter>());
        services.AddSingleton<ChunkSealer>();
        services.AddHostedService(provider => provider.GetRequiredService<ChunkSealer>());
        services.AddHostedService<TunnelUploader>();
        services.AddHostedService<ResourceMonitor>();
        services.AddHostedService<ReleaseRetrier>();
        // Validators are stateless; building one per request compiled its rules every time.
        services.AddValidatorsFromAssemblyContaining<RegionsDb>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddHttpClient(PeerClient.HttpClientName)
            .AddStandardResilienceHandler(resilience =>
            {
                var attempt = TimeSpan.FromSeconds(settings.PeerAttemptTimeoutSeconds);
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(settings.PeerTotalTimeoutSeconds, settings.PeerAttemptTimeoutSeconds));
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 > TimeSpan.FromSeconds(5) ? attempt * 2 : TimeSpan.FromSeconds(5);
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
            })
            .SelectPipelineByAuthority();
        return services;
    }

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder endpoints)
    {
        var operatorOnly = endpoints.MapApiGroup("/v1/MediaResources", "Media resources").RequireAuthorization(AccountClaims.OperatorPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        RegisterMediaResource.Map(operatorOnly);
        ListMediaResources.Map(operatorOnly);
        FetchMediaResource.Map(operatorOnly);
        UpdateMediaResource.Map(operatorOnly);
        HeartbeatMediaResource.Map(operatorOnly);
        RemoveMediaResource.Map(operatorOnly);

        ListRegions.Map(endpoints.MapApiGroup("/v1/Regions", "Regions"));

        var sessions = endpoints.MapApiGroup("/v1/Sessions", "Sessions");
        CreateSession.Map(sessions);
        ListSessions.Map(sessions);
        FetchSession.Map(sessions);
        UpdateSession.Map(sessions);
        ChangeRequirements.Map(sessions);
        MediaStreamSocket.Map(endpoints);

        var recordings = endpoints.MapApiGroup("/v1/Recordings", "Recordings");
        ListRecordings.Map(recordings);
        FetchRecording.Map(recordings);
        FetchRecordingContent.Map(recordings);

        PeerEndpoints.Map(endpoints);

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<RegionsOptions>>().Value;
        endpoints.ServiceProvider.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<ExpireUploadsJob>(ExpireUploadsJob.RecurringId, job => job.RunAsync(CancellationToken.None), options.UploadExpirySchedule);
        return endpoints;
    }
}
