using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Host.Tests.Jobs;

public sealed class RestartTests : IDisposable
{
    private readonly string _dataPath = TelephonyApp.NewDataPath();

    [Fact]
    public async Task Accounts_survive_a_restart_on_the_same_data_folder()
    {
        Tenant tenant;
        await using (var first = TelephonyApp.Create(dataPath: _dataPath))
        {
            tenant = await first.CreateTenantAsync("durable");
        }

        await using var second = TelephonyApp.Create(dataPath: _dataPath);
        using var client = second.CreateClient(tenant.AccountSid, tenant.AuthToken);

        var self = await (await client.GetAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json")).ShouldBeAsync(HttpStatusCode.OK);
        self.GetProperty("friendly_name").GetString().Should().Be("durable");
    }

    [Fact]
    public async Task A_job_queued_before_a_restart_runs_after_it()
    {
        var marker = Path.Combine(_dataPath, "job-ran.txt");
        await using (var withoutServer = TelephonyApp.Create(new Dictionary<string, string?> { ["Hangfire:ServerEnabled"] = "false" }, _dataPath))
        {
            withoutServer.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => MarkerJob.Write(marker, "after restart"));
            await Task.Delay(500);
            File.Exists(marker).Should().BeFalse("no job server runs in the first host");
        }

        await using var withServer = TelephonyApp.Create(dataPath: _dataPath);
        _ = withServer.Server;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        File.Exists(marker).Should().BeTrue("the queued job runs once a job server starts on the same storage");
        (await File.ReadAllTextAsync(marker)).Should().Be("after restart");
    }

    public void Dispose() => TelephonyApp.TryDelete(_dataPath);
}

public static class MarkerJob
{
    public static void Write(string path, string text) => File.WriteAllText(path, text);
}
