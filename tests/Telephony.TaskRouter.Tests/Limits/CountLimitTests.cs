using System.Globalization;
using System.Net;

namespace Telephony.TaskRouter.Tests.Limits;

/// <summary>
/// Per-workspace counts stop at Twilio's limits with Twilio's error shape, and the refused create
/// leaves nothing behind. The small limits are driven to the edge here; the large ones (15,000
/// workers, 5,000 queues, 500,000 tasks) share the same check.
/// </summary>
public sealed class CountLimitTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task The_sixteenth_task_channel_is_refused_with_Twilios_error_shape()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var existing = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskChannels?PageSize=50", "channels")).Count;
        for (var i = existing; i < 15; i++)
        {
            await tenant.Client.CreateAsync(ws, "TaskChannels", ("FriendlyName", $"Channel {i}"), ("UniqueName", $"channel-{i}"));
        }

        var refused = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "One more"), ("UniqueName", "one-more"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        refused.Text("message").Should().Contain("maximum of 15 task channels");
        refused.GetProperty("code").GetInt32().Should().BeGreaterThan(0);
        refused.Text("more_info").Should().NotBeNullOrEmpty();
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskChannels?PageSize=50", "channels")).Should().HaveCount(15);
    }

    [Fact]
    public async Task The_hundred_and_first_activity_is_refused()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var existing = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Activities?PageSize=1000", "activities")).Count;
        for (var i = existing; i < 100; i++)
        {
            await tenant.Client.CreateAsync(ws, "Activities", ("FriendlyName", $"Activity {i.ToString(CultureInfo.InvariantCulture)}"));
        }

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Activities", Form.Of(("FriendlyName", "One more")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("maximum of 100 activities");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Activities?PageSize=1000", "activities")).Should().HaveCount(100);
    }
}
