using System.Net;

namespace Telephony.TaskRouter.Tests;

public sealed class OpenApiTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_TaskRouter_collection()
    {
        using var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain([
            "/v1/Workspaces",
            "/v1/Workspaces/{WorkspaceSid}/Activities/{ActivitySid}",
            "/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels/{Channel}",
            "/v1/Workspaces/{WorkspaceSid}/TaskQueues",
            "/v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}",
            "/v1/Workspaces/{WorkspaceSid}/TaskChannels/{TaskChannel}",
            "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}",
        ]);
    }
}
