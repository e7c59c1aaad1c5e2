using Microsoft.AspNetCore.WebUtilities;
using Twilio.Rest.Taskrouter.V1;
using Twilio.Rest.Taskrouter.V1.Workspace;
using Twilio.Security;

namespace Telephony.TaskRouter.SdkTests;

public sealed class AssignmentCallbackSignatureTests(SdkApp app) : IClassFixture<SdkApp>
{
    [Fact]
    public async Task Twilios_own_request_validator_accepts_the_assignment_callbacks_signature()
    {
        var (tenant, client) = await app.CreateTwilioClientAsync();
        using var _ = tenant;
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var callbackUrl = server.Url("/assignment?tenant=acme&step=1");

        var workspace = await WorkspaceResource.CreateAsync(friendlyName: "Signed", template: "FIFO", client: client);
        var workflow = (await WorkflowResource.ReadAsync(workspace.Sid, client: client)).Single();
        await WorkflowResource.UpdateAsync(workspace.Sid, workflow.Sid, assignmentCallbackUrl: callbackUrl, client: client);
        var available = (await ActivityResource.ReadAsync(workspace.Sid, friendlyName: "Available", client: client)).Single();
        await WorkerResource.CreateAsync(workspace.Sid, "alice", activitySid: available.Sid, attributes: """{"languages":["en","fr"]}""", client: client);
        var task = await TaskResource.CreateAsync(workspace.Sid, attributes: """{"caller":"+15550100 & co"}""", workflowSid: workflow.Sid, client: client);

        var request = await WaitForRequestAsync(server);

        var parameters = QueryHelpers.ParseQuery(request.Body).ToDictionary(p => p.Key, p => p.Value.ToString());
        parameters["TaskSid"].Should().Be(task.Sid);
        var signature = request.Headers["X-Twilio-Signature"];
        new RequestValidator(tenant.AuthToken).Validate(callbackUrl.ToString(), parameters, signature).Should().BeTrue();
        new RequestValidator("ffffffffffffffffffffffffffffffff").Validate(callbackUrl.ToString(), parameters, signature).Should().BeFalse();
    }

    private static async Task<RecordedRequest> WaitForRequestAsync(LoopbackServer server)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (server.Requests.IsEmpty)
        {
            DateTime.UtcNow.Should().BeBefore(until, "the assignment callback should arrive");
            await Task.Delay(50);
        }

        return server.Requests.Single();
    }
}
