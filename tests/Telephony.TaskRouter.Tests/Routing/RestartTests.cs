using System.Diagnostics;
using System.Net;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>Routing state is rebuilt from the database when the host starts again: nothing stays reserved forever.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_assigned_tasks_keep_their_worker_and_pending_offers_are_made_again()
    {
        var dataPath = TelephonyApp.NewDataPath();
        string assigned, accepted, offered, waiting, alice, bob;
        RoutingWorkspace ws;
        var app = TelephonyApp.Create(dataPath: dataPath);
        var tenant = await app.CreateTenantAsync();
        try
        {
            ws = await RoutingWorkspace.CreateAsync(tenant.Client);
            var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
            alice = await ws.WorkerAsync("alice");
            bob = await ws.WorkerAsync("bob");
            assigned = (await ws.TaskAsync(workflowSid: flow)).Sid();
            var aliceOffer = (await ws.TaskReservationsAsync(assigned)).Single();
            aliceOffer.Text("worker_sid").Should().Be(alice);
            accepted = aliceOffer.Sid();
            await (await ws.PostReservationAsync(assigned, aliceOffer.Sid(), ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
            offered = (await ws.TaskAsync(workflowSid: flow)).Sid();
            (await ws.ReservedWorkerAsync(offered)).Should().Be(bob);
            waiting = (await ws.TaskAsync(workflowSid: flow)).Sid();
            // A reservation keeps the name its worker had when the offer was made.
            await ws.SetWorkerAsync(alice, ("FriendlyName", "alice-renamed"));
        }
        finally
        {
            tenant.Dispose();
            await app.DisposeAsync();
        }

        await using var restarted = TelephonyApp.Create(dataPath: dataPath);
        using var client = restarted.CreateClient(tenant.AccountSid, tenant.AuthToken);
        var again = new RoutingWorkspace(client, ws.Sid, ws.Available, ws.Offline);

        (await again.GetTaskAsync(assigned)).Text("assignment_status").Should().Be("assigned");
        // Bob's offer was pending when the process stopped: recorded as timed out, and the task is offered again.
        var offers = await again.TaskReservationsAsync(offered);
        offers.Should().HaveCount(2);
        offers.Select(o => o.Text("reservation_status")).Should().BeEquivalentTo(["timeout", "pending"]);
        offers.Single(o => o.Text("reservation_status") == "pending").Text("worker_sid").Should().Be(bob);
        // Alice still holds her assigned task, so the third task still waits.
        (await again.GetTaskAsync(waiting)).Text("assignment_status").Should().Be("pending");

        var completed = await (await again.PostReservationAsync(assigned, accepted, ("ReservationStatus", "completed"))).ShouldBeAsync(HttpStatusCode.OK);
        completed.Text("worker_name").Should().Be("alice", "the restored reservation kept the name it was made with");
        (await again.ReservedWorkerAsync(waiting)).Should().Be(alice);
    }

    [Fact]
    public async Task A_worker_keeps_the_time_it_entered_its_activity_across_a_restart()
    {
        var dataPath = TelephonyApp.NewDataPath();
        var app = TelephonyApp.Create(dataPath: dataPath);
        var tenant = await app.CreateTenantAsync();
        RoutingWorkspace ws;
        string carol;
        Stopwatch sinceAvailable;
        try
        {
            ws = await RoutingWorkspace.CreateAsync(tenant.Client);
            carol = await ws.WorkerAsync("carol");
            sinceAvailable = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            tenant.Dispose();
            await app.DisposeAsync();
        }

        await using var restarted = TelephonyApp.Create(dataPath: dataPath);
        using var client = restarted.CreateClient(tenant.AccountSid, tenant.AuthToken);
        var lowerBound = (long)sinceAvailable.Elapsed.TotalMilliseconds;
        await (await client.PostAsync($"/v1/Workspaces/{ws.Sid}/Workers/{carol}", Form.Of(("ActivitySid", ws.Offline)))).ShouldBeAsync(HttpStatusCode.OK);

        var events = await client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Events?EventType=worker.activity.update&WorkerSid={carol}");
        var left = events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event_data")).Single(d => d.Text("worker_activity_sid") == ws.Offline);
        left.GetProperty("worker_time_in_previous_activity_ms").GetInt64().Should().BeGreaterThanOrEqualTo(lowerBound, "her time in the activity began before the restart");
    }
}
