using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Telephony.SharedKernel.Persistence;
using Telephony.TaskRouter.Routing;
using Telephony.TaskRouter.Tests.Events;
using CallbackFlows = Telephony.TaskRouter.Tests.Callbacks.CallbackFlows;

namespace Telephony.TaskRouter.Tests.Routing;

/// <summary>
/// The journal, seen from the API. Reads answered from the engine show only what it has recorded, and
/// wait for nothing else: a task's fetch and its pending offers wait for that task's own events, not
/// for every change other requests made meanwhile (the journal is held back by a second connection
/// holding SQLite's write lock, as a slow disk or a long batch would). And a record naming a row that
/// is gone does not stop it.
/// </summary>
public sealed class JournalRecordTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_recorded_task_is_read_while_another_tasks_change_waits_for_its_record_and_that_task_waits_with_it()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var alice = await ws.WorkerAsync("alice");
        var recorded = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var changing = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);

        using var blocker = await WriteLockAsync(app);

        var update = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{changing}", Form.Of(("Priority", "5")));
        await Eventually.MatchAsync(() => router.GetTask(changing)!.Priority, priority => priority == 5, "the engine to take the new priority");
        var readOfChanged = tenant.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{changing}");

        var readOfRecorded = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{recorded}").WaitAsync(Generous);
        var offers = await tenant.Client.ReservationsAsync(ws.Sid, $"Tasks/{recorded}", "pending").WaitAsync(Generous);
        var alicesOffers = await tenant.Client.ReservationsAsync(ws.Sid, $"Workers/{alice}", "pending").WaitAsync(Generous);

        readOfRecorded.Text("assignment_status").Should().Be("reserved");
        offers.Should().ContainSingle("the recorded task's offer is listed while the journal is held back");
        alicesOffers.Should().ContainSingle("so are the offers of a worker the unrecorded change did not touch");
        readOfChanged.IsCompleted.Should().BeFalse("the changed task is shown only once its change is recorded");
        update.IsCompleted.Should().BeFalse("a change answers once it is recorded");

        await ReleaseAsync(blocker);

        (await (await update.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("priority").GetInt32().Should().Be(5);
        (await (await readOfChanged.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("priority").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task A_record_the_database_refuses_is_left_out_and_the_changes_beside_it_are_recorded()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var refused = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var beside = (await ws.TaskAsync(workflowSid: flow)).Sid();
        await ExecuteAsync(app, """
            CREATE TRIGGER "RefusePoison" BEFORE UPDATE ON "Tasks" WHEN NEW."Attributes" LIKE '%poison%'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """);

        // Both changes wait behind SQLite's write lock, so that the journal writes them in one batch.
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);
        using var blocker = await WriteLockAsync(app);
        var poisoned = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{refused}", Form.Of(("Attributes", """{"poison":true}""")));
        var next = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{beside}", Form.Of(("Priority", "3")));
        await Eventually.MatchAsync(() => router.GetTask(refused)!.AttributesJson.Contains("poison", StringComparison.Ordinal) && router.GetTask(beside)!.Priority == 3, both => both, "the engine to take both changes");
        await ReleaseAsync(blocker);

        (await poisoned.WaitAsync(Generous)).StatusCode.Should().Be(HttpStatusCode.OK, "the engine made the change; only its record was refused");
        await (await next.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK);
        var stored = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Tasks?AssignmentStatus=pending")).GetProperty("tasks").EnumerateArray().ToDictionary(t => t.Sid());
        stored[beside].GetProperty("priority").GetInt32().Should().Be(3, "the change beside the refused one is recorded");
        stored[refused].Text("attributes").Should().NotContain("poison", "the refused record is not written");
        var later = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Attributes", "{}"))).WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws.Sid}/Tasks", "tasks")).Should().Contain(later.Sid(), "the journal goes on");
    }

    [Fact]
    public async Task A_reservation_the_database_refuses_gets_no_assignment_callback_and_the_next_one_does()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var (ws, _) = await CallbackFlows.CallbackWorkspaceAsync(tenant.Client, server.Url("/assign"));
        await ExecuteAsync(app, """
            CREATE TRIGGER "RefusePoisonedOffer" BEFORE INSERT ON "Reservations"
            WHEN (SELECT "Attributes" FROM "Tasks" WHERE "Sid" = NEW."TaskSid") LIKE '%poison%'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """);
        await tenant.Client.CreateAvailableWorkerAsync(ws, "Alice");
        await tenant.Client.CreateAvailableWorkerAsync(ws, "Bob");

        // Both tasks and their offers wait behind SQLite's write lock, so that the journal writes them in one batch.
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws);
        using var blocker = await WriteLockAsync(app);
        var poisoned = tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", """{"poison":true}""")));
        var healthy = tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Tasks", Form.Of(("Attributes", """{"type":"support"}""")));
        await Eventually.MatchAsync(() => router.TaskCount, count => count == 2, "the engine to reserve both tasks");
        await ReleaseAsync(blocker);
        var refused = (await (await poisoned.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created)).Sid();
        var recorded = (await (await healthy.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created)).Sid();

        var callbacks = await Eventually.MatchAsync(() => server.Requests.Select(CallbackFlows.FormOf).ToList(), forms => forms.Any(form => form["TaskSid"] == recorded), "the recorded reservation's callback");

        callbacks.Single(form => form["TaskSid"] == recorded)["WorkerSid"].Should().NotBeNullOrEmpty();
        server.Requests.Select(request => CallbackFlows.FormOf(request)["TaskSid"]).Should().NotContain(refused, "the tenant is told of a reservation only once it is recorded");
        (await tenant.Client.ReservationsAsync(ws, $"Tasks/{refused}")).Should().BeEmpty("the refused reservation was not written");
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Tasks?AssignmentStatus=pending", "tasks")).Should().Contain(refused, "an entry is recorded whole or not at all: the task's row did not become reserved either");
    }

    [Fact]
    public async Task A_refusal_that_rolls_back_the_whole_transaction_takes_only_its_entry()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        await ws.WorkerAsync("alice");
        await ws.WorkerAsync("bob");
        await ExecuteAsync(app, """
            CREATE TRIGGER "RefusePoisonWholly" BEFORE INSERT ON "Reservations"
            WHEN (SELECT "Attributes" FROM "Tasks" WHERE "Sid" = NEW."TaskSid") LIKE '%poison%'
            BEGIN SELECT RAISE(ROLLBACK, 'refused by the test'); END
            """);

        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);
        using var blocker = await WriteLockAsync(app);
        var poisoned = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Attributes", """{"poison":true}""")));
        var healthy = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Attributes", """{"type":"support"}""")));
        await Eventually.MatchAsync(() => router.TaskCount, count => count == 2, "the engine to reserve both tasks");
        await ReleaseAsync(blocker);

        var refused = (await (await poisoned.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created)).Sid();
        var recorded = (await (await healthy.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created)).Sid();
        (await tenant.Client.ReservationsAsync(ws.Sid, $"Tasks/{recorded}")).Should().ContainSingle("the entries beside the refused one are recorded");
        (await tenant.Client.ReservationsAsync(ws.Sid, $"Tasks/{refused}")).Should().BeEmpty("the refused reservation was not written");
        var later = await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Attributes", "{}"))).WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created);
        (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws.Sid}/Tasks", "tasks")).Should().Contain(later.Sid(), "the journal goes on");
    }

    [Fact]
    public async Task A_worker_offered_a_task_and_back_in_its_activity_within_one_batch_is_recorded_as_back_since_then()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var ringing = await ws.ActivityAsync("Ringing", available: false);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All", "1==1", ("ReservationActivitySid", ringing)) });
        var alice = await ws.WorkerAsync("alice");
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);

        // Offered a task (to Ringing) and rejecting it (back to Available) wait behind SQLite's write lock: one batch.
        using var blocker = await WriteLockAsync(app);
        var created = tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks", Form.Of(("WorkflowSid", flow), ("Attributes", "{}")));
        var offer = await Eventually.MatchAsync(() => router.GetActiveWorkerReservations(alice), offers => offers.Count == 1, "the offer to alice");
        var rejected = tenant.Client.PostAsync(
            $"/v1/Workspaces/{ws.Sid}/Workers/{alice}/Reservations/{offer[0].Sid}", Form.Of(("ReservationStatus", "rejected"), ("WorkerActivitySid", ws.Available)));
        var back = await Eventually.MatchAsync(() => router.GetWorker(alice)!, worker => worker.ActivitySid == ws.Available, "alice back in Available");
        await ReleaseAsync(blocker);
        await (await created.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.Created);
        await (await rejected.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK);

        await using var connection = Connection(app);
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT \"ActivitySid\", \"DateStatusChanged\" FROM \"Workers\" WHERE \"Sid\" = $sid";
        read.Parameters.AddWithValue("$sid", alice);
        await using var row = await read.ExecuteReaderAsync();
        (await row.ReadAsync()).Should().BeTrue();
        row.GetString(0).Should().Be(ws.Available);
        row.GetDateTime(1).Should().Be(back.DateStatusChanged.UtcDateTime, "the row says since when she is back, as the engine does (and a restart will)");
    }

    [Fact]
    public async Task A_new_workers_etag_holds_while_offers_leave_its_activity_as_it_was()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var created = await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Workers", Form.Of(("FriendlyName", "alice"), ("ActivitySid", ws.Available)));
        var alice = (await created.ShouldBeAsync(HttpStatusCode.Created)).Sid();
        var etag = created.Headers.ETag!.Tag;

        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ws.ReservedWorkerAsync(task)).Should().Be(alice);

        var fetched = await tenant.Client.GetAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}");
        fetched.Headers.ETag!.Tag.Should().Be(etag, "an offer that leaves her activity as it was does not change her");
    }

    [Fact]
    public async Task An_activity_a_worker_was_just_moved_into_is_not_deleted_before_its_record_is_written()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var flow = await ws.TargetsAsync(new { queue = await ws.QueueAsync("All") });
        var away = await ws.ActivityAsync("Away", available: false);
        var alice = await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        var offer = (await ws.TaskReservationsAsync(task, "pending")).Single().Sid();
        var router = app.Services.GetRequiredService<RoutingEngine>().For(ws.Sid);

        using var blocker = await WriteLockAsync(app);
        var reject = ws.PostReservationAsync(task, offer, ("ReservationStatus", "rejected"), ("WorkerActivitySid", away));
        await Eventually.MatchAsync(() => router.GetWorker(alice)!.ActivitySid, activity => activity == away, "the engine to move alice away");
        var delete = await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws.Sid}/Activities/{away}").WaitAsync(Generous);
        await ReleaseAsync(blocker);

        (await delete.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Text("message").Should().Contain("1 worker(s) are in it", "the engine knows before the rows do");
        await (await reject.WaitAsync(Generous)).ShouldBeAsync(HttpStatusCode.OK);
        (await ws.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Workers/{alice}")).Text("activity_sid").Should().Be(away);
    }

    private static async Task ExecuteAsync(TelephonyApp app, string sql)
    {
        await using var connection = Connection(app);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Holds SQLite's write lock until <see cref="ReleaseAsync"/>.</summary>
    private static async Task<SqliteConnection> WriteLockAsync(TelephonyApp app)
    {
        var connection = Connection(app);
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task ReleaseAsync(SqliteConnection locked)
    {
        await using var rollback = locked.CreateCommand();
        rollback.CommandText = "ROLLBACK";
        await rollback.ExecuteNonQueryAsync();
    }

    private static SqliteConnection Connection(TelephonyApp app) =>
        new($"Data Source={app.Services.GetRequiredService<DataFolder>().File($"{TaskRouterModule.DatabaseName}.db")}");

    [Fact]
    public async Task A_record_naming_a_queue_whose_row_is_gone_is_written_with_no_queue_and_the_journal_goes_on()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var ws = await RoutingWorkspace.CreateAsync(tenant.Client);
        var queue = await ws.QueueAsync("All");
        var flow = await ws.TargetsAsync(new { queue });
        await ws.WorkerAsync("alice");
        var task = (await ws.TaskAsync(workflowSid: flow)).Sid();
        await ws.AcceptAndCompleteAsync(task);
        var later = (await ws.TaskAsync(workflowSid: flow)).Sid();
        (await ws.GetTaskAsync(later)).Text("task_queue_sid").Should().Be(queue);

        // The row goes behind the engine's back, as a delete racing the journal once could.
        await ExecuteAsync(app, $"DELETE FROM \"TaskQueues\" WHERE \"Sid\" = '{queue}'");

        var canceled = await tenant.Client.PostAsync($"/v1/Workspaces/{ws.Sid}/Tasks/{later}", Form.Of(("AssignmentStatus", "canceled"))).WaitAsync(Generous);
        await canceled.ShouldBeAsync(HttpStatusCode.OK);
        var stored = (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws.Sid}/Tasks?AssignmentStatus=canceled").WaitAsync(Generous))
            .GetProperty("tasks").EnumerateArray().Should().ContainSingle().Subject;
        stored.Sid().Should().Be(later);
        stored.GetProperty("task_queue_sid").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the queue's row is gone");
    }
}
