using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Telephony.Host.Jobs;

internal sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var servers = monitoring.Servers().Count;
            var enqueued = monitoring.EnqueuedCount("default");
            return Task.FromResult(HealthCheckResult.Healthy(
                "Job storage answers.",
                new Dictionary<string, object> { ["servers"] = servers, ["enqueued"] = enqueued }));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage does not answer.", exception));
        }
    }
}
