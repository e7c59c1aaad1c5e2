using System.ComponentModel.DataAnnotations;
using System.Net;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Authorization;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;

namespace Telephony.Host.Jobs;

/// <summary>Hangfire settings (section <c>Hangfire</c>).</summary>
internal sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>Run the job server in this process. Off only for tools and tests that must not run jobs.</summary>
    public bool ServerEnabled { get; set; } = true;

    [Range(1, 10_000)]
    public int WorkerCount { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Open the dashboard to loopback callers without credentials.</summary>
    public bool DashboardAllowLoopback { get; set; }

    /// <summary>How long a fetched job may run silently before another worker takes it (after a crash).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

internal static class HangfireSetup
{
    public static IServiceCollection AddTelephonyJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = CheckedSettings.Read<HangfireOptions>(configuration, HangfireOptions.Section);

        // Our own storage instance per host, registered before AddHangfire so that its
        // JobStorage.Current fallback is never used: two hosts in one process (tests, regions)
        // must not share a job store.
        services.AddSingleton<JobStorage>(provider => new SQLiteStorage(
            provider.GetRequiredService<DataFolder>().File("hangfire.db"),
            new SQLiteStorageOptions { InvisibilityTimeout = options.InvisibilityTimeout, QueuePollInterval = TimeSpan.FromSeconds(1) }));
        services.AddHangfire((provider, configuration) => configuration
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.ServerEnabled)
        {
            services.AddHangfireServer((provider, server) =>
            {
                // This host's own activator: Hangfire's default is process-wide (the last host to
                // configure it), which made one test host's jobs run with another host's services.
                server.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
                server.WorkerCount = options.WorkerCount;
                server.ServerName = $"telephony:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
            });
        }

        services.AddHealthChecks().AddCheck<HangfireStorageHealthCheck>("hangfire", tags: ["ready"]);
        return services;
    }

    public const string DashboardPolicy = "hangfire-dashboard";

    public static void MapTelephonyJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "Telephony jobs",
            // Access is decided by the endpoint's authorization policy, not by Hangfire's local-only default.
            Authorization = [],
            AsyncAuthorization = [],
        }).RequireAuthorization(DashboardPolicy);

    /// <summary>The bootstrap account's credentials open the dashboard; loopback callers too when configured.</summary>
    public static AuthorizationBuilder AddDashboardPolicy(this AuthorizationBuilder authorization, IConfiguration configuration)
    {
        var allowLoopback = configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>()?.DashboardAllowLoopback ?? false;
        return authorization.AddPolicy(DashboardPolicy, policy => policy.RequireAssertion(context =>
            context.User.IsOperator()
            || (allowLoopback && context.Resource is HttpContext { Connection.RemoteIpAddress: { } remote } && IPAddress.IsLoopback(remote))));
    }
}
