using System.Net;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>Reservations through the API: accept, reject, timeout, several at once, and what the workers do meanwhile.</summary>
public sealed class ReservationTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task Accepting_assigns_the_task_and_completing_frees_the_worker_for_the_next_one()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var worker = await ws.WorkerAsync("alice");
        var first = await ws.TaskAsync(workflowSid: flow);
        var second = await ws.TaskAsync(workflowSid: flow);
        second.Text("assignment_status").Should().Be("pending");

        var reservation = (await ws.WorkerReservationsAsync(worker)).Single();
        reservation.Text("task_sid").Should().Be(first.Sid());
        reservation.Text("reservation_status").Should().Be("pending");
        reservation.Text("worker_name").Should().Be("alice");
        reservation.Sid().Should().StartWith("WR");
        reservation.Text("url").Should().EndWith($"/Workers/{worker}/Reservations/{reservation.Sid()}");

        var accepted = await (await ws.PostReservationAsync(first.Sid(), reservation.Sid(), ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);
        accepted.Text("reservation_status").Should().Be("accepted");
        // The answer is what is stored: the same as reading the reservation back.
        var stored = (await ws.TaskReservationsAsync(first.Sid())).Single();
        stored.Text("reservation_status").Should().Be("accepted");
        accepted.Text("date_updated").Should().Be(stored.Text("date_updated"));
        accepted.Text("date_created").Should().Be(stored.Text("date_created"));
        accepted.Text("worker_name").Should().Be(stored.Text("worker_name"));
        (await ws.GetTaskAsync(first.Sid())).Text("assignment_status").Should().Be("assigned");

        await ws.SetTaskAsync(first.Sid(), ("AssignmentStatus", "completed"), ("Reason", "done"));
        (await ws.TaskReservationsAsync(first.Sid())).Single().Text("reservation_status").Should().Be("completed");
        (await ws.GetTaskAsync(second.Sid())).Text("assignment_status").Should().Be("reserved");
        (await ws.ReservedWorkerAsync(second.Sid())).Should().Be(worker);
    }

    [Fact]
    public async Task A_reservation_that_is_no_longer_pending_cannot_be_accepted_and_two_racing_accepts_have_one_winner()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var reservation = (await ws.TaskReservationsAsync(task)).Single().Sid();

        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ws.PostReservationAsync(task, reservation, ("ReservationStatus", "accepted"))));

        racing.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var loser = await racing.Single(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        loser.Text("message").Should().Contain("accepted");
        var rejectLate = await (await ws.PostReservationAsync(task, reservation, ("ReservationStatus", "rejected"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        rejectLate.Text("message").Should().Contain("accepted");
    }

    [Fact]
    public async Task A_bad_reservation_status_is_a_400_naming_the_field()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var reservation = (await ws.TaskReservationsAsync(task)).Single().Sid();

        (await (await ws.PostReservationAsync(task, reservation, ("ReservationStatus", "maybe"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Text("message").Should().Contain("ReservationStatus");
        (await (await ws.PostReservationAsync(task, reservation, ("ReservationStatus", "timeout"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("ReservationStatus", out _).Should().BeTrue();
        await (await ws.PostReservationAsync(task, "WR00000000000000000000000000000000", ("ReservationStatus", "accepted"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await ws.TaskReservationsAsync(task)).Single().Text("reservation_status").Should().Be("pending");
    }

    [Fact]
    public async Task A_rejecting_worker_is_not_offered_the_task_again_and_can_move_to_another_activity()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var offer = (await ws.TaskReservationsAsync(task)).Single().Sid();

        (await (await ws.PostReservationAsync(task, offer, ("ReservationStatus", "rejected"))).ShouldBeAsync(HttpStatusCode.OK))
            .Text("reservation_status").Should().Be("rejected");
        (await ws.GetTaskAsync(task)).Text("assignment_status").Should().Be("pending");
        (await ws.WorkerReservationsAsync(alice, "pending")).Should().BeEmpty();

        var bob = await ws.WorkerAsync("bob");
        var secondOffer = (await ws.TaskReservationsAsync(task, "pending")).Single();
        secondOffer.Text("worker_sid").Should().Be(bob);
        await (await ws.PostReservationAsync(task, secondOffer.Sid(), ("ReservationStatus", "rejected"), ("WorkerActivitySid", ws.Offline))).ShouldBeAsync(HttpStatusCode.OK);
        var bobNow = await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{bob}");
        bobNow.Text("activity_name").Should().Be("Offline");
        bobNow.GetProperty("available").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_unanswered_reservation_times_out_and_the_worker_moves_to_the_timeout_activity()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        await (await ws.Client.PostAsync($"/v1/Workspaces/{ws.Sid}", Form.Of(("TimeoutActivitySid", ws.Offline)))).ShouldBeAsync(HttpStatusCode.OK);
        var queue = await ws.QueueAsync("All");
        var flow = await ws.WorkflowAsync(new { task_routing = new { default_filter = new { queue } } }, reservationTimeout: 1);
        var alice = await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();

        await ws.TaskEventuallyAsync(task, "pending");

        (await ws.TaskReservationsAsync(task)).Single().Text("reservation_status").Should().Be("timeout");
        (await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).Text("activity_name").Should().Be("Offline");
    }

    [Fact]
    public async Task A_queue_with_several_reserved_workers_offers_at_once_and_the_first_accept_rescinds_the_rest()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All", "1==1", ("MaxReservedWorkers", "3")) });
        var workers = new[] { await ws.WorkerAsync("a"), await ws.WorkerAsync("b"), await ws.WorkerAsync("c") };
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();

        var offers = await ws.TaskReservationsAsync(task, "pending");
        offers.Select(o => o.Text("worker_sid")).Should().BeEquivalentTo(workers);
        await (await ws.PostReservationAsync(task, offers[1].Sid(), ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);

        var after = await ws.TaskReservationsAsync(task);
        after.Single(r => r.Sid() == offers[1].Sid()).Text("reservation_status").Should().Be("accepted");
        after.Where(r => r.Sid() != offers[1].Sid()).Select(r => r.Text("reservation_status")).Should().AllBe("rescinded");
    }

    [Fact]
    public async Task A_tasks_reservations_filter_by_worker_so_each_worker_accepts_its_own_offer()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All", "1==1", ("MaxReservedWorkers", "3")) });
        var workers = new[] { await ws.WorkerAsync("a"), await ws.WorkerAsync("b"), await ws.WorkerAsync("c") };
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var path = $"/v1/Workspaces/{ws.Sid}/Tasks/{task}/Reservations";

        // Pending offers come from the engine; the rest from the database: both filter.
        var forB = await tenant.Client.GetJsonAsync($"{path}?WorkerSid={workers[1]}&ReservationStatus=pending");
        var offer = forB.GetProperty("reservations").EnumerateArray().Single();
        offer.Text("worker_sid").Should().Be(workers[1]);
        await (await ws.PostReservationAsync(task, offer.Sid(), ("ReservationStatus", "accepted"))).ShouldBeAsync(HttpStatusCode.OK);

        var forC = (await tenant.Client.GetJsonAsync($"{path}?WorkerSid={workers[2]}")).GetProperty("reservations").EnumerateArray().ToList();
        forC.Should().ContainSingle().Which.Text("reservation_status").Should().Be("rescinded");
        forC[0].Text("worker_sid").Should().Be(workers[2]);

        var problem = await (await tenant.Client.GetAsync($"{path}?WorkerSid=alice")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Text("message").Should().StartWith("WorkerSid");
    }

    [Fact]
    public async Task Going_offline_with_RejectPendingReservations_rejects_the_workers_offers()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var kept = (await ws.TaskAsync(workflowSid: flow)).Sid();

        // Without the flag the offer stays pending (Twilio's behaviour).
        await ws.SetWorkerAsync(alice, ("ActivitySid", ws.Offline));
        (await ws.TaskReservationsAsync(kept)).Single().Text("reservation_status").Should().Be("pending");

        await ws.SetWorkerAsync(alice, ("ActivitySid", ws.Available));
        await ws.SetWorkerAsync(alice, ("ActivitySid", ws.Offline), ("RejectPendingReservations", "true"));
        (await ws.TaskReservationsAsync(kept)).Single().Text("reservation_status").Should().Be("rejected");
        (await ws.GetTaskAsync(kept)).Text("assignment_status").Should().Be("pending");
    }

    [Fact]
    public async Task Canceling_or_deleting_a_reserved_task_gives_the_worker_back()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var canceled = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var deleted = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var last = (await ws.TaskAsync(workflowSid: flow)).Sid();

        await ws.SetTaskAsync(canceled, ("AssignmentStatus", "canceled"), ("Reason", "caller hung up"));
        (await ws.TaskReservationsAsync(canceled)).Single().Text("reservation_status").Should().Be("canceled");
        (await ws.ReservedWorkerAsync(deleted)).Should().Be(alice);

        (await ws.Client.DeleteAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{deleted}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ws.ReservedWorkerAsync(last)).Should().Be(alice);
    }

    [Fact]
    public async Task A_worker_holding_a_reservation_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        await ws.TaskAsync(workflowSid: flow);

        await (await ws.Client.DeleteAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).Sid().Should().Be(alice);
    }
}
