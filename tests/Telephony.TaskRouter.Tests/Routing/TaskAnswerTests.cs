using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>
/// A create, an update and a fetch of a live task answer from the engine, not from reading the row:
/// each answer must be exactly what a fetch returns next (every field but the age, and the ETag) and
/// what the stored row lists.
/// </summary>
public sealed class TaskAnswerTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task Every_answer_along_a_tasks_life_is_what_a_fetch_then_returns()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client, multiTask: false);
        var queue = await ws.QueueAsync("Support desk");
        var flow = await ws.TargetsAsync(new { queue, priority = 7 });
        await ws.WorkerAsync("alice");
        var path = $"/v1/Workspaces/{ws.Sid}/Tasks";

        var created = await tenant.Client.PostAsync(path, Form.Of(("Attributes", """{"topic":"billing"}"""), ("WorkflowSid", flow)));
        var task = await created.ShouldBeAsync(HttpStatusCode.Created);
        task.Text("assignment_status").Should().Be("reserved");
        task.Text("task_queue_friendly_name").Should().Be("Support desk");
        task.GetProperty("priority").GetInt32().Should().Be(7);
        await ShouldBeWhatAFetchReturnsAsync(ws, created, task);

        var updated = await tenant.Client.PostAsync($"{path}/{task.Sid()}", Form.Of(("Attributes", """{"topic":"refund"}""")));
        var afterUpdate = await updated.ShouldBeAsync(HttpStatusCode.OK);
        await ShouldBeWhatAFetchReturnsAsync(ws, updated, afterUpdate);
        // date_updated counts whole seconds: a new channel must show a later one than the update before it.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var rechanneled = await tenant.Client.PostAsync($"{path}/{task.Sid()}", Form.Of(("TaskChannel", "chat")));
        var onChat = await rechanneled.ShouldBeAsync(HttpStatusCode.OK);
        onChat.Text("task_channel_unique_name").Should().Be("chat");
        onChat.Text("date_updated").Should().NotBe(afterUpdate.Text("date_updated"));
        await ShouldBeWhatAFetchReturnsAsync(ws, rechanneled, onChat);
        var reprioritized = await tenant.Client.PostAsync($"{path}/{task.Sid()}", Form.Of(("Priority", "9")));
        var afterChannel = await reprioritized.ShouldBeAsync(HttpStatusCode.OK);
        afterChannel.Text("task_channel_unique_name").Should().Be("chat");
        await ShouldBeWhatAFetchReturnsAsync(ws, reprioritized, afterChannel);

        var reservation = (await ws.TaskReservationsAsync(task.Sid(), "pending")).Single();
        await (await ws.PostReservationAsync(task.Sid(), reservation.Sid(), ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
        foreach (var (status, reason) in new[] { ("wrapping", "talked"), ("completed", "resolved") })
        {
            var moved = await tenant.Client.PostAsync($"{path}/{task.Sid()}", Form.Of(("AssignmentStatus", status), ("Reason", reason)));
            var answer = await moved.ShouldBeAsync(HttpStatusCode.OK);
            answer.Text("assignment_status").Should().Be(status);
            answer.Text("reason").Should().Be(reason);
            await ShouldBeWhatAFetchReturnsAsync(ws, moved, answer);
        }

    }

    [Fact]
    public async Task A_task_created_without_a_free_worker_answers_pending_with_its_queue_as_a_fetch_does()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("Nobody home") });

        var created = await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Priority", "3")));
        var task = await created.ShouldBeAsync(HttpStatusCode.Created);

        task.Text("assignment_status").Should().Be("pending");
        task.Text("task_queue_friendly_name").Should().Be("Nobody home");
        await ShouldBeWhatAFetchReturnsAsync(ws, created, task);
    }

    [Fact]
    public async Task The_pending_offers_a_client_polls_for_are_the_stored_ones()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("Two at once", "1==1", ("MaxReservedWorkers", "2"));
        var flow = await ws.TargetsAsync(new { queue });
        var alice = await ws.WorkerAsync("alice");
        var bob = await ws.WorkerAsync("bob");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var rejected = (await ws.WorkerReservationsAsync(bob, "pending")).Single().Sid();
        await (await ws.PostReservationAsync(task, rejected, ("ReservationStatus", "rejected"))).ShouldBeAsync(HttpStatusCode.OK);

        var pending = await ws.TaskReservationsAsync(task, "pending");
        var stored = await ws.TaskReservationsAsync(task);

        pending.Should().ContainSingle().Which.Text("worker_sid").Should().Be(alice);
        stored.Select(r => r.Text("reservation_status")).Should().BeEquivalentTo(["pending", "rejected"]);
        pending.Select(r => r.GetRawText()).Should().Equal(stored.Where(r => r.Text("reservation_status") == "pending").Select(r => r.GetRawText()));
        (await ws.WorkerReservationsAsync(alice, "pending")).Select(r => r.Text("sid")).Should().Equal(pending.Select(r => r.Text("sid")));
        (await ws.WorkerReservationsAsync(bob, "pending")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_deleted_workflow_or_channel_takes_no_new_task_and_the_remaining_workflow_becomes_the_default()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("All");
        var kept = await ws.TargetsAsync(new { queue });
        var deleted = await ws.WorkflowAsync(new { task_routing = new { default_filter = new { queue } } }, name: "Gone");
        var fax = (await tenant.Client.CreateAsync(ws.Sid, "TaskChannels", ("FriendlyName", "Fax"), ("UniqueName", "fax"))).Sid();
        var path = $"/v1/Workspaces/{ws.Sid}";
        (await ws.TaskAsync(workflowSid: deleted)).Text("workflow_friendly_name").Should().Be("Gone");
        var onFax = await tenant.Client.PostAsync($"{path}/Tasks", Form.Of(("WorkflowSid", kept), ("TaskChannel", fax)));
        (await onFax.ShouldBeAsync(HttpStatusCode.Created)).Text("task_channel_unique_name").Should().Be("fax");
        await (await tenant.Client.PostAsync($"{path}/Tasks", Form.Of(("WorkflowSid", kept)))).ShouldBeAsync(HttpStatusCode.Created);
        foreach (var task in await tenant.Client.ListSidsAsync($"{path}/Tasks", "tasks"))
        {
            await ws.SetTaskAsync(task, ("AssignmentStatus", "canceled"));
        }

        (await tenant.Client.DeleteAsync($"{path}/Workflows/{deleted}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await tenant.Client.DeleteAsync($"{path}/TaskChannels/{fax}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await (await tenant.Client.PostAsync($"{path}/Tasks", Form.Of(("WorkflowSid", deleted)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("WorkflowSid");
        (await (await tenant.Client.PostAsync($"{path}/Tasks", Form.Of(("WorkflowSid", kept), ("TaskChannel", "fax")))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("TaskChannel");
        var byDefault = await (await tenant.Client.PostAsync($"{path}/Tasks", Form.Of(("Attributes", "{}")))).ShouldBeAsync(HttpStatusCode.Created);
        byDefault.Text("workflow_sid").Should().Be(kept);
    }

    private static async Task ShouldBeWhatAFetchReturnsAsync(RoutingWorkspace ws, HttpResponseMessage answered, JsonElement answer)
    {
        var fetch = await ws.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{answer.Sid()}");
        var fetched = await fetch.ShouldBeAsync(HttpStatusCode.OK);
        WithoutAge(answer).Should().Equal(WithoutAge(fetched));
        answered.Headers.ETag.Should().Be(fetch.Headers.ETag);
        var listed = await (await ws.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Tasks?PageSize=1000")).ShouldBeAsync(HttpStatusCode.OK);
        var stored = listed.GetProperty("tasks").EnumerateArray().Single(t => t.Sid() == answer.Sid());
        WithoutAge(stored).Should().Equal(WithoutAge(fetched));
    }

    private static Dictionary<string, string> WithoutAge(JsonElement task) =>
        task.EnumerateObject().Where(p => p.Name != "age").ToDictionary(p => p.Name, p => p.Value.GetRawText());
}
