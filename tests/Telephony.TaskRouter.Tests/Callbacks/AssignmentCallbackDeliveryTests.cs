using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Telephony.TaskRouter.Tests.Callbacks;

/// <summary>Delivery under settings of its own: a short timeout, private addresses refused, a tiny queue, a restart.</summary>
public sealed class AssignmentCallbackDeliveryTests
{
    [Fact]
    public async Task A_callback_url_that_does_not_answer_in_time_hands_over_to_the_fallback_url()
    {
        using var app = new CallbackApp(new Dictionary<string, string?> { ["TaskRouter:AssignmentCallbacks:Timeout"] = "00:00:02" });
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                return;
            }

            await context.Response.WriteAsJsonAsync(new { instruction = "accept" });
        });
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/slow"), server.Url("/fallback"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);

        await tenant.Client.ReservationBecomesAsync(ws, task, "accepted");

        server.CountFor("/slow").Should().Be(1);
        server.CountFor("/fallback").Should().Be(1);
        await app.LogContainingAsync("no answer within 2 s");
    }

    [Fact]
    public async Task Private_addresses_are_refused_unless_the_operator_allows_them_and_the_reservation_stays_pending()
    {
        using var app = new CallbackApp(new Dictionary<string, string?> { ["Outbound:AllowPrivateAddresses"] = "false" });
        using var tenant = await app.CreateTenantAsync();
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsJsonAsync(new { instruction = "accept" }));
        var (ws, workflow) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"), server.Url("/fallback"));
        var (task, _) = await tenant.Client.ReservedTaskAsync(ws);
        var reservation = (await tenant.Client.OnlyReservationAsync(ws, task)).Sid();

        await app.LogContainingAsync($"No assignment callback URL of workflow {workflow} answered for reservation {reservation}");

        (await app.LogContainingAsync($"{reservation} to {server.Url("/assign")} failed")).Should().Contain("Outbound:AllowPrivateAddresses");
        server.Requests.Should().BeEmpty();
        (await tenant.Client.OnlyReservationAsync(ws, task)).Text("reservation_status").Should().Be("pending");
    }

    [Fact]
    public async Task A_burst_larger_than_the_queue_loses_no_callback()
    {
        const int tasks = 40;
        using var app = new CallbackApp(new Dictionary<string, string?>
        {
            ["TaskRouter:AssignmentCallbacks:QueueCapacity"] = "2",
            ["TaskRouter:AssignmentCallbacks:Concurrency"] = "2",
        });
        using var tenant = await app.CreateTenantAsync();
        var answered = new ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var form = await context.Request.ReadFormAsync();
            answered.AddOrUpdate(form["ReservationSid"].ToString(), 1, (_, count) => count + 1);

            // A slow tenant, so that reservations pile up past the two-slot queue.
            await Task.Delay(50);
            await context.Response.WriteAsJsonAsync(new { instruction = "accept" });
        });
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        for (var i = 0; i < tasks; i++)
        {
            await tenant.Client.CreateAvailableWorkerAsync(ws, $"worker-{i}");
        }

        var created = await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => tenant.Client.CreateAsync(ws, "Tasks", ("Attributes", "{}"))));

        foreach (var task in created)
        {
            await tenant.Client.ReservationBecomesAsync(ws, task.Sid(), "accepted");
        }

        answered.Should().HaveCount(tasks).And.OnlyContain(pair => pair.Value == 1);
    }

    [Fact]
    public async Task A_queued_callback_whose_reservation_was_accepted_meanwhile_is_not_sent()
    {
        using var app = new CallbackApp(new Dictionary<string, string?> { ["TaskRouter:AssignmentCallbacks:Concurrency"] = "1" });
        using var tenant = await app.CreateTenantAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // The first callback holds the only sender, so the second waits in the queue.
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        var (ws, _) = await tenant.Client.CallbackWorkspaceAsync(server.Url("/assign"));
        var (first, _) = await tenant.Client.ReservedTaskAsync(ws, "alice");
        await server.RequestToAsync("/assign");
        var (second, _) = await tenant.Client.ReservedTaskAsync(ws, "bob");
        var queued = (await tenant.Client.OnlyReservationAsync(ws, second)).Sid();
        await tenant.Client.SetReservationAsync(ws, second, queued, ("ReservationStatus", "accepted"));

        release.SetResult();

        await app.LogContainingAsync($"reservation {queued} not sent: it was no longer pending");
        server.Requests.Select(r => CallbackFlows.FormOf(r)["TaskSid"]).Should().Equal(first);
    }

    [Fact]
    public async Task Callbacks_are_still_signed_after_a_restart()
    {
        var dataPath = TelephonyApp.NewDataPath();
        try
        {
            string accountSid, authToken;
            using (var first = new CallbackApp(new Dictionary<string, string?>(), dataPath))
            {
                using var tenant = await first.CreateTenantAsync();
                (accountSid, authToken) = (tenant.AccountSid, tenant.AuthToken);
            }

            using var second = new CallbackApp(new Dictionary<string, string?>(), dataPath);
            using var client = second.CreateClient(accountSid, authToken);
            await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
            var url = server.Url("/assign");
            var (ws, _) = await client.CallbackWorkspaceAsync(url);
            await client.ReservedTaskAsync(ws);

            var request = await server.RequestToAsync("/assign");

            request.Headers["X-Twilio-Signature"].Should().Be(AssignmentCallbackTests.ExpectedSignature(authToken, url.ToString(), CallbackFlows.FormOf(request)));
        }
        finally
        {
            TelephonyApp.TryDelete(dataPath);
        }
    }
}
