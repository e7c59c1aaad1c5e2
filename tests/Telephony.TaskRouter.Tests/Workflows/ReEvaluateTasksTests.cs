using System.Net;
using System.Text.Json;
using Telephony.TaskRouter.Tests.Routing;

namespace Telephony.TaskRouter.Tests.Workflows;

/// <summary>Twilio's ReEvaluateTasks: a changed workflow applies to its waiting tasks only when asked.</summary>
public sealed class ReEvaluateTasksTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task Pending_tasks_move_to_the_new_configuration_only_with_ReEvaluateTasks()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var old = await ws.QueueAsync("Old");
        var updated = await ws.QueueAsync("New");
        var flow = await ws.WorkflowAsync(new { task_routing = new { default_filter = new { queue = old } } });
        var waiting = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var path = $"/v1/Workspaces/{ws.Sid}/Workflows/{flow}";
        var toNew = JsonSerializer.Serialize(new { task_routing = new { default_filter = new { queue = updated } } });

        await (await tenant.Client.PostAsync(path, Form.Of(("Configuration", toNew)))).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.GetTaskAsync(waiting)).Text("task_queue_sid").Should().Be(old);
        (await ws.TaskAsync(workflowSid: flow)).Text("task_queue_sid").Should().Be(updated);

        await (await tenant.Client.PostAsync(path, Form.Of(("Configuration", toNew), ("ReEvaluateTasks", "true")))).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.GetTaskAsync(waiting)).Text("task_queue_sid").Should().Be(updated);
    }
}
