using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Routing;
using Xunit.Abstractions;

namespace Telephony.TaskRouter.Tests.Load;

/// <summary>
/// Correctness under load: many clients race through the real HTTP pipeline on one host, and the
/// end state is audited through the API, in the database and in the engine. Nothing here asserts a
/// timing: the duration only sets how much racing happens (TASKROUTER_LOAD_SECONDS, 20 by default as
/// the issue asks; lower it for a quick local run).
/// </summary>
public sealed class RoutingLoadTests(ITestOutputHelper output)
{
    public const int MaxCapacity = 3;
    private const int Clients = 32;
    private const int Workers = 24;
    private const int MaxReservedWorkers = 2;

    private static TimeSpan LoadDuration =>
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("TASKROUTER_LOAD_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 20);

    [Fact]
    public async Task Thirty_two_racing_clients_leave_every_invariant_holding_and_every_task_accounted_for()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var (workspace, workers) = await MultitaskingWorkspaceAsync(client, Workers);
        var world = new LoadWorld(
            workspace,
            workers,
            await client.ActivitySidAsync(workspace, "Available"),
            await client.ActivitySidAsync(workspace, "Unavailable"));

        var until = DateTime.UtcNow + LoadDuration;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(seed => Task.Run(() => new LoadClient(client, world, seed).RunAsync(until))));
        var missedByTheRace = await new LoadClient(client, world, Clients).MakeMissedMovesAsync();

        // Capacities were lowered under reservations already held (allowed: nothing is taken back);
        // with every capacity back at the top, no worker may hold more than it.
        foreach (var worker in workers)
        {
            await (await client.PostAsync($"/v1/Workspaces/{workspace}/Workers/{worker}/Channels/default", Form.Of(("Capacity", $"{MaxCapacity}")))).ShouldBeAsync(HttpStatusCode.OK);
        }

        await app.Services.GetRequiredService<RoutingJournal>().WaitPersistedAsync(CancellationToken.None);

        foreach (var (operation, count) in world.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{operation}: {count}");
        }

        output.WriteLine(missedByTheRace.Count == 0 ? "The race made every move." : $"Made after the race, which missed them: {string.Join(", ", missedByTheRace)}.");

        world.Unexpected.Should().BeEmpty("racing clients get the success code or a 409, never anything else");
        world.Operations.Keys.Should().Contain(LoadClient.Moves, "the load exercised every move");

        var api = await RoutingView.ThroughApiAsync(client, workspace, workers);
        var database = await RoutingView.InDatabaseAsync(app.Services, workspace);
        api.TaskStatuses.Keys.Should().Contain(world.CreatedTasks.Keys, "every task created is listed");
        // Set differences, linear, where an equivalence of thousands of unordered sids is quadratic.
        world.CreatedTasks.Keys.Except(database.TaskStatuses.Keys).Should().BeEmpty("every task created is stored");
        database.TaskStatuses.Keys.Except(world.CreatedTasks.Keys).Should().BeEmpty("nothing but the tasks created is stored");
        api.Violations(MaxReservedWorkers).Should().BeEmpty();
        database.Violations(MaxReservedWorkers).Should().BeEmpty();
        // HaveCount rather than BeEmpty: its message lists every difference, not only the first.
        api.DifferencesFrom(database, "the API", "the database").Should().HaveCount(0, "the API shows what is stored");
        RoutingView.EngineAgainst(app.Services, workspace, database).Should().BeEmpty("the engine's state is the stored state");
    }

    [Fact]
    public async Task Two_accepts_racing_on_one_reservation_give_one_winner_and_one_conflict()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var workspace = await client.CreateWorkspaceSidAsync(template: "FIFO");
        await client.CreateAvailableWorkerAsync(workspace);
        for (var round = 0; round < 10; round++)
        {
            var task = (await client.CreateAsync(workspace, "Tasks", ("Attributes", "{}"))).Sid();
            var reservation = (await client.ReservationsAsync(workspace, $"Tasks/{task}", "pending")).Single().Sid();

            var codes = await RaceAsync(client, $"/v1/Workspaces/{workspace}/Tasks/{task}/Reservations/{reservation}", $"/v1/Workspaces/{workspace}/Tasks/{task}/Reservations/{reservation}");

            codes.Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
            (await client.GetJsonAsync($"/v1/Workspaces/{workspace}/Tasks/{task}")).Text("assignment_status").Should().Be("assigned");
            await (await client.PostAsync($"/v1/Workspaces/{workspace}/Tasks/{task}", Form.Of(("AssignmentStatus", "completed")))).ShouldBeAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Two_workers_accepting_one_task_at_once_give_one_winner_and_one_conflict()
    {
        await using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var client = tenant.Client;
        var workspace = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var queue = (await client.ListSidsAsync($"/v1/Workspaces/{workspace}/TaskQueues", "task_queues")).Single();
        await (await client.PostAsync($"/v1/Workspaces/{workspace}/TaskQueues/{queue}", Form.Of(("MaxReservedWorkers", "2")))).ShouldBeAsync(HttpStatusCode.OK);
        await client.CreateAvailableWorkerAsync(workspace, "Alice");
        await client.CreateAvailableWorkerAsync(workspace, "Bob");
        for (var round = 0; round < 10; round++)
        {
            var task = (await client.CreateAsync(workspace, "Tasks", ("Attributes", "{}"))).Sid();
            var offers = await client.ReservationsAsync(workspace, $"Tasks/{task}", "pending");
            offers.Should().HaveCount(2, "the queue offers each task to two workers at once");

            var codes = await RaceAsync(client, [.. offers.Select(offer => $"/v1/Workspaces/{workspace}/Tasks/{task}/Reservations/{offer.Sid()}")]);

            codes.Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
            var statuses = (await client.ReservationsAsync(workspace, $"Tasks/{task}")).Select(r => r.Text("reservation_status"));
            statuses.Should().BeEquivalentTo(["accepted", "rescinded"]);
            await (await client.PostAsync($"/v1/Workspaces/{workspace}/Tasks/{task}", Form.Of(("AssignmentStatus", "completed")))).ShouldBeAsync(HttpStatusCode.OK);
        }
    }

    private static async Task<HttpStatusCode[]> RaceAsync(HttpClient client, params string[] reservationUrls)
    {
        using var start = new ManualResetEventSlim();
        var accepts = reservationUrls.Select(url => Task.Run(async () =>
        {
            start.Wait();
            using var response = await client.PostAsync(url, Form.Of(("ReservationStatus", "accepted")));
            return response.StatusCode;
        })).ToList();
        start.Set();
        return await Task.WhenAll(accepts);
    }

    /// <summary>A FIFO workspace with multitasking on, its queue offering each task to two workers, and available workers of capacity 2.</summary>
    private static async Task<(string Workspace, List<string> Workers)> MultitaskingWorkspaceAsync(HttpClient client, int count)
    {
        var workspace = await client.CreateWorkspaceSidAsync(template: "FIFO");
        await (await client.PostAsync($"/v1/Workspaces/{workspace}", Form.Of(("MultiTaskEnabled", "true")))).ShouldBeAsync(HttpStatusCode.OK);
        var queue = (await client.ListSidsAsync($"/v1/Workspaces/{workspace}/TaskQueues", "task_queues")).Single();
        await (await client.PostAsync($"/v1/Workspaces/{workspace}/TaskQueues/{queue}", Form.Of(("MaxReservedWorkers", $"{MaxReservedWorkers}")))).ShouldBeAsync(HttpStatusCode.OK);
        // No offer may time out while the end state is audited (the audit compares the engine with the
        // database read a moment earlier; a slow machine made it outlast the default 120 s timeout).
        var workflow = (await client.ListSidsAsync($"/v1/Workspaces/{workspace}/Workflows", "workflows")).Single();
        await (await client.PostAsync($"/v1/Workspaces/{workspace}/Workflows/{workflow}", Form.Of(("TaskReservationTimeout", "86400")))).ShouldBeAsync(HttpStatusCode.OK);
        var workers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var worker = await client.CreateAvailableWorkerAsync(workspace, $"Agent {i}");
            await (await client.PostAsync($"/v1/Workspaces/{workspace}/Workers/{worker}/Channels/default", Form.Of(("Capacity", "2")))).ShouldBeAsync(HttpStatusCode.OK);
            workers.Add(worker);
        }

        return (workspace, workers);
    }
}
