using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Jobs;

namespace Telephony.TaskRouter.Tests.Events;

public sealed class PruneEventsTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task The_recurring_job_removes_events_older_than_30_days_and_keeps_the_rest()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var old = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();
        var recent = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();
        await AgeEventsAsync(old, TimeSpan.FromDays(31));
        await AgeEventsAsync(recent, TimeSpan.FromDays(29));
        var window = $"/v1/Workspaces/{ws}/Events?PageSize=1000&StartDate={DateTime.UtcNow.AddDays(-40):yyyy-MM-dd}";
        (await tenant.Client.ListSidsAsync($"{window}&TaskSid={old}", "events")).Should().NotBeEmpty();
        var recentCount = (await tenant.Client.ListSidsAsync($"{window}&TaskSid={recent}", "events")).Count;

        var jobId = ((IRecurringJobManagerV2)app.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob(PruneEventsJob.RecurringId);
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually.MatchAsync(
            () => string.Join(" <- ", monitoring.JobDetails(jobId)?.History.Select(h => $"{h.StateName} {h.Reason} {string.Join(",", h.Data.Select(d => $"{d.Key}={d.Value}"))}") ?? []),
            history => history.StartsWith("Succeeded", StringComparison.Ordinal),
            $"the recurring prune job {jobId} to succeed",
            timeoutSeconds: 90);

        await Eventually.MatchAsync(() => tenant.Client.ListSidsAsync($"{window}&TaskSid={old}", "events"), sids => sids.Count == 0, "the old task's events to be pruned");
        (await tenant.Client.ListSidsAsync($"{window}&TaskSid={recent}", "events")).Should().HaveCount(recentCount).And.NotBeEmpty();
    }

    /// <summary>Moves a task's events back in time: what 30 days of waiting would do.</summary>
    private async Task AgeEventsAsync(string taskSid, TimeSpan age)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
        var then = DateTime.UtcNow - age;
        await db.Events.Where(e => e.TaskSid == taskSid).ExecuteUpdateAsync(set => set.SetProperty(e => e.EventDate, then));
    }
}
