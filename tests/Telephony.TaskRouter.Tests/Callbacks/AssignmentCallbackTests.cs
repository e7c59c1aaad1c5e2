using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Tests.Callbacks;

public sealed class AssignmentCallbackTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Each_reservation_is_posted_to_the_workflow_with_twilios_fields()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var (ws, workflow) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var worker = await tenant.Client.CreateAvailableWorkerAsync(ws, "Alice", """{"skills":["billing"]}""");
        var task = (await tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", """{"type":"support"}"""), ("Priority", "7"))).Sid();

        var request = await server.RequestToAsync("/assign");

        request.Method.Should().Be("POST");
        request.Headers["Content-Type"].Should().StartWith("application/x-www-form-urlencoded");
        var form = CallbackFlows.FormOf(request);
        var reservation = await tenant.Client.OnlyReservationAsync(ws, task);
        form["AccountSid"].Should().Be(tenant.AccountSid);
        form["WorkspaceSid"].Should().Be(ws);
        form["WorkflowSid"].Should().Be(workflow);
        form["TaskSid"].Should().Be(task);
        form["TaskAttributes"].Should().Be("""{"type":"support"}""");
        form["TaskPriority"].Should().Be("7");
        int.Parse(form["TaskAge"], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(0);
        var queue = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/TaskQueues", "task_queues")).Single();
        form["TaskQueueSid"].Should().Be(queue);
        form["WorkerSid"].Should().Be(worker);
        form["WorkerAttributes"].Should().Be("""{"skills":["billing"]}""");
        form["ReservationSid"].Should().Be(reservation.Sid());
        form.Should().ContainKey("Timestamp");
    }

    [Fact]
    public async Task The_callback_is_signed_with_the_accounts_token_as_twilio_signs()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var url = server.Url("/assign?source=taskrouter");
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(url);
        await tenant.Client.ReservedTaskAsync(ws);

        var request = await server.RequestToAsync("/assign");

        var signature = request.Headers["X-Twilio-Signature"];
        signature.Should().Be(ExpectedSignature(tenant.AuthToken, url.ToString(), CallbackFlows.FormOf(request)));
        signature.Should().NotBe(ExpectedSignature(TelephonyApp.BootstrapToken, url.ToString(), CallbackFlows.FormOf(request)));
    }

    [Fact]
    public async Task The_bootstrap_accounts_callbacks_are_signed_with_its_configured_token()
    {
        using var client = app.CreateBootstrapClient();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var url = server.Url("/bootstrap-assign");
        var (ws, _) = await client.CallbackWorkspaceAsync(url);
        await client.ReservedTaskAsync(ws);

        var request = await server.RequestToAsync("/bootstrap-assign");

        request.Headers["X-Twilio-Signature"].Should().Be(ExpectedSignature(TelephonyApp.BootstrapToken, url.ToString(), CallbackFlows.FormOf(request)));
    }

    [Fact]
    public async Task An_empty_answer_leaves_the_reservation_pending_for_the_rest_api()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);
        await server.RequestToAsync("/assign");

        var reservation = await tenant.Client.OnlyReservationAsync(ws, task);
        reservation.Text("reservation_status").Should().Be("pending");
        await tenant.Client.SetReservationAsync(ws, task, reservation.Sid(), ("ReservationStatus", "accepted"));
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Tasks/{task}")).Text("assignment_status").Should().Be("assigned");
    }

    [Fact]
    public async Task An_answer_that_is_not_an_instruction_leaves_the_reservation_pending()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("<Response>thanks</Response>"));
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);
        await server.RequestToAsync("/assign");

        // A second reservation's callback in the same workspace proves the first answer was handled.
        await using var witness = await LoopbackServer.StartAsync(context => context.Response.WriteAsJsonAsync(new { instruction = "accept" }));
        var (ws2, _) = await tenant.Client.CallbackWorkspaceAsync(witness.Url("/assign"));
        var (task2, _) = await tenant.Client.ReservedTaskAsync(ws2);
        await tenant.Client.ReservationBecomesAsync(ws2, task2, "accepted");

        (await tenant.Client.OnlyReservationAsync(ws, task)).Text("reservation_status").Should().Be("pending");
    }

    [Fact]
    public async Task An_accept_instruction_assigns_the_task()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsJsonAsync(new { instruction = "accept" }));
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var (task, worker) = await tenant.Client.ReservedTaskAsync(ws);

        var reservation = await tenant.Client.ReservationBecomesAsync(ws, task, "accepted");

        reservation.Text("worker_sid").Should().Be(worker);
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Tasks/{task}")).Text("assignment_status").Should().Be("assigned");
    }

    [Fact]
    public async Task A_reject_instruction_rejects_and_moves_the_worker_to_the_named_activity()
    {
        using var tenant = await app.CreateTenantAsync();
        string? offline = null;
        await using var server = await LoopbackServer.StartAsync(context =>
            context.Response.WriteAsJsonAsync(new { instruction = "reject", activity_sid = offline }));
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        offline = await tenant.Client.ActivitySidAsync(ws, "Offline");
        var (task, worker) = await tenant.Client.ReservedTaskAsync(ws);

        await tenant.Client.ReservationBecomesAsync(ws, task, "rejected");

        var workerNow = await Eventually.ValueAsync(async () =>
        {
            var fetched = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/Workers/{worker}");
            return fetched.Text("activity_sid") == offline ? fetched : (System.Text.Json.JsonElement?)null;
        });
        workerNow.GetProperty("available").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_dequeue_instruction_accepts_and_is_recorded_for_the_voice_side()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context =>
            context.Response.WriteAsJsonAsync(new { instruction = "dequeue", from = "+15550100", post_work_activity_sid = "WA00000000000000000000000000000000" }));
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);

        var reservation = await tenant.Client.ReservationBecomesAsync(ws, task, "accepted");

        var stored = await Eventually.ValueAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
            return await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Sid == reservation.Sid() && r.Instruction != null);
        });
        stored.Instruction.Should().Be("dequeue");
        stored.InstructionParameters.Should().Contain("+15550100").And.Contain("post_work_activity_sid");
    }

    [Fact]
    public async Task A_failing_callback_url_hands_over_to_the_fallback_url()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/primary")
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsJsonAsync(new { instruction = "accept" });
        });
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/primary"), server.Url("/fallback"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);

        await tenant.Client.ReservationBecomesAsync(ws, task, "accepted");

        server.CountFor("/primary").Should().Be(1);
        var fallback = await server.RequestToAsync("/fallback");
        CallbackFlows.FormOf(fallback)["TaskSid"].Should().Be(task);
    }

    [Fact]
    public async Task A_refused_connection_hands_over_to_the_fallback_url()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsJsonAsync(new { instruction = "accept" }));
        var closedPort = new Uri($"http://127.0.0.1:{UnusedPort()}/assign");
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(closedPort, server.Url("/fallback"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);

        await tenant.Client.ReservationBecomesAsync(ws, task, "accepted");
        server.CountFor("/fallback").Should().Be(1);
    }

    [Fact]
    public async Task A_callback_url_given_to_a_workflow_later_is_used_for_its_next_reservation()
    {
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var workflow = (await tenant.Client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();
        await tenant.Client.ReservedTaskAsync(ws, "Alice");
        // Long enough for the dispatcher to have looked at the workflow and found no URL.
        await Task.Delay(500);

        await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workflows/{workflow}", Form.Of(("AssignmentCallbackUrl", server.Url("/assign").ToString()))))
            .ShouldBeAsync(HttpStatusCode.OK);
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws, "Bob");

        var reservation = await tenant.Client.OnlyReservationAsync(ws, task);
        var posted = await Eventually.ValueAsync(() => Task.FromResult(server.Requests.FirstOrDefault(r => CallbackFlows.FormOf(r)["ReservationSid"] == reservation.Sid())));
        posted.Path.Should().Be("/assign");
    }

    [Fact]
    public async Task Reservations_of_a_workflow_without_a_callback_url_send_nothing_and_stay_pending()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);

        (await tenant.Client.OnlyReservationAsync(ws, task)).Text("reservation_status").Should().Be("pending");
    }

    internal static string ExpectedSignature(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var key in form.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(key).Append(form[key]);
        }

#pragma warning disable CA5350 // Twilio's signature is HMAC-SHA1.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
