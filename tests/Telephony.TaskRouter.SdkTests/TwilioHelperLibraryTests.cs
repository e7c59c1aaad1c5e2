using Twilio.Exceptions;
using Twilio.Rest.Taskrouter.V1;
using Twilio.Rest.Taskrouter.V1.Workspace;
using Twilio.Rest.Taskrouter.V1.Workspace.Worker;

namespace Telephony.TaskRouter.SdkTests;

public sealed class TwilioHelperLibraryTests(SdkApp app) : IClassFixture<SdkApp>
{
    [Fact]
    public async Task The_official_client_builds_a_contact_centre_and_reads_it_back()
    {
        var (tenant, client) = await app.CreateTwilioClientAsync();
        using var _ = tenant;

        var workspace = await WorkspaceResource.CreateAsync(friendlyName: "SDK Centre", eventCallbackUrl: new Uri("https://example.com/events"), client: client);
        workspace.Sid.Should().StartWith("WS");
        workspace.AccountSid.Should().Be(tenant.AccountSid);
        workspace.DefaultActivityName.Should().Be("Offline");
        workspace.MultiTaskEnabled.Should().BeTrue();

        var ready = await ActivityResource.CreateAsync(workspace.Sid, "Ready", available: true, client: client);
        var away = await ActivityResource.CreateAsync(workspace.Sid, "Away", available: false, client: client);
        ready.Available.Should().BeTrue();
        away.Available.Should().BeFalse();

        var alice = await WorkerResource.CreateAsync(workspace.Sid, "alice", activitySid: ready.Sid, attributes: """{"languages":["en"]}""", client: client);
        var bob = await WorkerResource.CreateAsync(workspace.Sid, "bob", client: client);
        alice.Available.Should().BeTrue();
        alice.ActivityName.Should().Be("Ready");
        bob.ActivityName.Should().Be("Offline");

        var queue = await TaskQueueResource.CreateAsync(
            workspace.Sid,
            "English",
            targetWorkers: "languages HAS 'en'",
            maxReservedWorkers: 2,
            taskOrder: TaskQueueResource.TaskOrderEnum.Lifo,
            client: client);
        queue.TargetWorkers.Should().Be("languages HAS 'en'");
        queue.TaskOrder.Should().Be(TaskQueueResource.TaskOrderEnum.Lifo);
        queue.MaxReservedWorkers.Should().Be(2);

        var configuration = System.Text.Json.JsonSerializer.Serialize(new
        {
            task_routing = new
            {
                filters = new[] { new { filter_friendly_name = "English", expression = "language == 'en'", targets = new[] { new { queue = queue.Sid, priority = 5 } } } },
                default_filter = new { queue = queue.Sid },
            },
        });
        var workflow = await WorkflowResource.CreateAsync(workspace.Sid, "Inbound", configuration, taskReservationTimeout: 60, client: client);
        workflow.Configuration.Should().Be(configuration);
        workflow.TaskReservationTimeout.Should().Be(60);

        var task = await TaskResource.CreateAsync(workspace.Sid, priority: 3, taskChannel: "voice", workflowSid: workflow.Sid, attributes: """{"language":"en"}""", client: client);
        // Alice speaks English and is Ready: the engine reserves her at once, with the filter's priority.
        task.AssignmentStatus.Should().Be(TaskResource.StatusEnum.Reserved);
        task.Priority.Should().Be(5);
        task.TaskQueueSid.Should().Be(queue.Sid);
        task.TaskChannelUniqueName.Should().Be("voice");
        task.WorkflowFriendlyName.Should().Be("Inbound");

        (await WorkspaceResource.FetchAsync(workspace.Sid, client: client)).FriendlyName.Should().Be("SDK Centre");
        (await WorkerResource.FetchAsync(workspace.Sid, alice.Sid, client: client)).Attributes.Should().Be("""{"languages":["en"]}""");
        (await TaskQueueResource.FetchAsync(workspace.Sid, queue.Sid, client: client)).FriendlyName.Should().Be("English");
        (await WorkflowResource.FetchAsync(workspace.Sid, workflow.Sid, client: client)).FriendlyName.Should().Be("Inbound");
        (await TaskResource.FetchAsync(workspace.Sid, task.Sid, client: client)).Attributes.Should().Be("""{"language":"en"}""");
        (await TaskChannelResource.FetchAsync(workspace.Sid, "voice", client: client)).UniqueName.Should().Be("voice");
        (await WorkerChannelResource.FetchAsync(workspace.Sid, alice.Sid, "voice", client: client)).ConfiguredCapacity.Should().Be(1);

        // The worker accepts the reservation made for the SDK's task, through her own reservations.
        var offered = (await Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource.ReadAsync(workspace.Sid, alice.Sid, client: client)).Single();
        offered.TaskSid.Should().Be(task.Sid);
        offered.ReservationStatus.Should().Be(Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource.StatusEnum.Pending);
        var accepted = await Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource.UpdateAsync(
            workspace.Sid,
            alice.Sid,
            offered.Sid,
            reservationStatus: Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource.StatusEnum.Accepted,
            client: client);
        accepted.ReservationStatus.Should().Be(Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource.StatusEnum.Accepted);
        (await TaskResource.FetchAsync(workspace.Sid, task.Sid, client: client)).AssignmentStatus.Should().Be(TaskResource.StatusEnum.Assigned);
        var seenFromTask = await Twilio.Rest.Taskrouter.V1.Workspace.Task.ReservationResource.FetchAsync(workspace.Sid, task.Sid, offered.Sid, client: client);
        seenFromTask.WorkerName.Should().Be("alice");
    }

    [Fact]
    public async Task The_official_client_updates_lists_pages_and_deletes()
    {
        var (tenant, client) = await app.CreateTwilioClientAsync();
        using var _ = tenant;
        var workspace = await WorkspaceResource.CreateAsync(friendlyName: "SDK Updates", template: "FIFO", client: client);
        var available = (await ActivityResource.ReadAsync(workspace.Sid, friendlyName: "Available", client: client)).Single();

        var renamed = await WorkspaceResource.UpdateAsync(workspace.Sid, friendlyName: "Renamed", timeoutActivitySid: available.Sid, client: client);
        renamed.FriendlyName.Should().Be("Renamed");
        renamed.TimeoutActivityName.Should().Be("Available");

        var workers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            workers.Add((await WorkerResource.CreateAsync(workspace.Sid, $"agent {i}", client: client)).Sid);
        }

        var moved = await WorkerResource.UpdateAsync(workspace.Sid, workers[0], activitySid: available.Sid, attributes: """{"level":2}""", client: client);
        moved.ActivityName.Should().Be("Available");
        moved.Available.Should().BeTrue();
        // ReadAsync follows next_page_url through every page of two.
        (await WorkerResource.ReadAsync(workspace.Sid, pageSize: 2, client: client)).Select(w => w.Sid).Should().Equal(workers);
        (await WorkerResource.ReadAsync(workspace.Sid, available: "true", client: client)).Select(w => w.Sid).Should().Equal(workers[0]);
        (await WorkerResource.ReadAsync(workspace.Sid, activityName: "Offline", pageSize: 3, client: client)).Should().HaveCount(4);

        var channel = await WorkerChannelResource.UpdateAsync(workspace.Sid, workers[0], "chat", capacity: 4, available: false, client: client);
        channel.ConfiguredCapacity.Should().Be(4);
        channel.Available.Should().BeFalse();
        (await WorkerChannelResource.ReadAsync(workspace.Sid, workers[0], client: client)).Should().HaveCount(5);

        var queue = (await TaskQueueResource.ReadAsync(workspace.Sid, client: client)).Single();
        (await TaskQueueResource.UpdateAsync(workspace.Sid, queue.Sid, maxReservedWorkers: 10, client: client)).MaxReservedWorkers.Should().Be(10);
        var workflow = (await WorkflowResource.ReadAsync(workspace.Sid, client: client)).Single();
        (await WorkflowResource.UpdateAsync(workspace.Sid, workflow.Sid, friendlyName: "Renamed flow", client: client)).FriendlyName.Should().Be("Renamed flow");

        var task = await TaskResource.CreateAsync(workspace.Sid, attributes: """{"type":"call"}""", client: client);
        var reprioritised = await TaskResource.UpdateAsync(workspace.Sid, task.Sid, priority: 9, client: client);
        reprioritised.Priority.Should().Be(9);
        var canceled = await TaskResource.UpdateAsync(workspace.Sid, task.Sid, assignmentStatus: TaskResource.StatusEnum.Canceled, reason: "hung up", client: client);
        canceled.AssignmentStatus.Should().Be(TaskResource.StatusEnum.Canceled);
        canceled.Reason.Should().Be("hung up");
        // The cancel freed the only available worker, so the next task is reserved for her at once.
        var other = await TaskResource.CreateAsync(workspace.Sid, client: client);
        (await TaskResource.ReadAsync(workspace.Sid, assignmentStatus: ["reserved"], client: client)).Select(t => t.Sid).Should().Equal(other.Sid);
        (await TaskResource.ReadAsync(workspace.Sid, ordering: "DateCreated:desc", client: client)).Select(t => t.Sid).Should().Equal(other.Sid, task.Sid);

        (await TaskResource.DeleteAsync(workspace.Sid, task.Sid, client: client)).Should().BeTrue();
        (await WorkerResource.DeleteAsync(workspace.Sid, workers[4], client: client)).Should().BeTrue();
        (await WorkspaceResource.ReadAsync(friendlyName: "Renamed", client: client)).Select(w => w.Sid).Should().Equal(workspace.Sid);
    }

    [Fact]
    public async Task Our_errors_reach_the_official_client_as_Twilio_errors()
    {
        var (tenant, client) = await app.CreateTwilioClientAsync();
        using var _ = tenant;
        var workspace = await WorkspaceResource.CreateAsync(friendlyName: "SDK Errors", client: client);

        var missing = await FluentActions.Awaiting(() => WorkerResource.FetchAsync(workspace.Sid, "WK00000000000000000000000000000000", client: client))
            .Should().ThrowAsync<ApiException>();
        missing.Which.Status.Should().Be(404);
        missing.Which.Code.Should().Be(20404);

        var invalid = await FluentActions.Awaiting(() => WorkerResource.CreateAsync(workspace.Sid, "x", attributes: "not json", client: client))
            .Should().ThrowAsync<ApiException>();
        invalid.Which.Status.Should().Be(400);
        invalid.Which.Message.Should().Contain("Attributes");
    }
}
