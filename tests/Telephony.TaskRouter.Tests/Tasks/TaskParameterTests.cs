using System.Net;
using Telephony.TaskRouter.Tests.Routing;

namespace Telephony.TaskRouter.Tests.Tasks;

/// <summary>Twilio's less common task parameters: VirtualStartTime and the HasAddons filter.</summary>
public sealed class TaskParameterTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task A_virtual_start_time_is_shown_and_puts_a_moved_task_ahead_of_newer_ones()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice", available: false);
        var fresh = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var movedIn = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(
            ("WorkflowSid", flow),
            ("Attributes", "{}"),
            ("VirtualStartTime", "2026-01-02T03:04:05Z")))).ShouldBeAsync(HttpStatusCode.Created);

        movedIn.Text("virtual_start_time").Should().Be("2026-01-02T03:04:05Z");
        (await ws.GetTaskAsync(fresh)).Text("virtual_start_time").Should().Be((await ws.GetTaskAsync(fresh)).Text("date_created"));
        await ws.WorkerAvailableAsync(alice);
        (await ws.WorkerReservationsAsync(alice, "pending")).Single().Text("task_sid").Should().Be(movedIn.Sid());
    }

    [Fact]
    public async Task A_virtual_start_time_in_the_future_or_unreadable_is_refused_and_nothing_is_created()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var future = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("VirtualStartTime", future)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("VirtualStartTime");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("VirtualStartTime", "yesterday")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("VirtualStartTime");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks", "tasks")).Should().BeEmpty();
    }

    [Fact]
    public async Task HasAddons_true_finds_no_task_and_false_finds_them_all()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))).Sid();

        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=true", "tasks")).Should().BeEmpty();
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=false", "tasks")).Should().Equal(task);
        await (await tenant.Client.GetAsync($"/v1/Workspaces/{ws}/Tasks?HasAddons=perhaps")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
