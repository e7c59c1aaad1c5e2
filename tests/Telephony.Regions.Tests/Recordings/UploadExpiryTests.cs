using System.Net;
using Hangfire;
using Hangfire.Storage;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Regions.Jobs;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Recordings;

/// <summary>tus' expiration: an upload that receives nothing for the configured time is abandoned.</summary>
public sealed class UploadExpiryTests
{
    [Fact]
    public async Task An_upload_that_receives_nothing_for_the_expiry_time_expires_and_refuses_further_appends()
    {
        // 0.01 minutes: 600 ms of silence abandons an upload.
        using var regions = new Deployment(("us1", null), ("ie1", new Dictionary<string, string?> { ["Regions:UploadExpiryMinutes"] = "0.01" }));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, _, abandoned) = await StoreAndForwardTests.RecordedSessionAsync(tenant);
        var (_, streamUrl, finished) = await StoreAndForwardTests.RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(60);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 60);
            await stream.StopAsync();
        }

        await Eventually.UntilAsync(
            async () => await (await tenant.Client.GetAsync($"/v1/Recordings/{finished}")).ShouldBeAsync(HttpStatusCode.OK),
            r => r.GetProperty("status").GetString() == "completed",
            "the streamed recording to complete");
        await Task.Delay(TimeSpan.FromSeconds(1));

        await RunExpiryJobAsync(regions["ie1"]);

        var expired = await (await tenant.Client.GetAsync($"/v1/Recordings/{abandoned}")).ShouldBeAsync(HttpStatusCode.OK);
        expired.GetProperty("status").GetString().Should().Be("expired");
        (await (await tenant.Client.GetAsync($"/v1/Recordings/{finished}")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("status").GetString().Should().Be("completed");

        using var peer = UploadProtocolTests.PeerClient(regions["ie1"]);
        var refused = await UploadProtocolTests.AppendAsync(peer, abandoned, 0, 1, audio[..160]);
        refused.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await (await tenant.Client.GetAsync($"/v1/Recordings/{abandoned}")).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("bytes").GetInt64().Should().Be(0);
    }

    [Fact]
    public void The_expiry_job_is_scheduled_on_each_region()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        foreach (var host in regions.Hosts.Values)
        {
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            connection.GetRecurringJobs().Should().ContainSingle(j => j.Id == ExpireUploadsJob.RecurringId)
                .Which.Cron.Should().Be("*/10 * * * *");
        }
    }

    /// <summary>What the recurring job does when Hangfire runs it (the test hosts run no Hangfire server).</summary>
    private static async Task RunExpiryJobAsync(RegionApp host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await new ExpireUploadsJob(scope.ServiceProvider.GetRequiredService<ISender>()).RunAsync(CancellationToken.None);
    }
}
