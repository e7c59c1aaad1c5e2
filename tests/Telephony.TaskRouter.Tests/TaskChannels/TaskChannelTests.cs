using System.Net;

namespace Telephony.TaskRouter.Tests.TaskChannels;

public sealed class TaskChannelTests(TaskRouterApp app) : IClassFixture<TaskRouterApp>
{
    [Fact]
    public async Task Create_fetch_by_sid_or_unique_name_update_and_delete()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var channel = await tenant.Client.CreateAsync(ws, "TaskChannels", ("FriendlyName", "Email"), ("UniqueName", "email"), ("ChannelOptimizedRouting", "true"));

        channel.Sid().Should().MatchRegex("^TC[0-9a-f]{32}$");
        channel.GetProperty("channel_optimized_routing").GetBoolean().Should().BeTrue();
        channel.Text("url").Should().EndWith($"/v1/Workspaces/{ws}/TaskChannels/{channel.Sid()}");
        var path = $"/v1/Workspaces/{ws}/TaskChannels";
        (await tenant.Client.GetJsonAsync($"{path}/email")).Sid().Should().Be(channel.Sid());
        var updated = await (await tenant.Client.PostAsync($"{path}/{channel.Sid()}", Form.Of(("FriendlyName", "E-mail"), ("ChannelOptimizedRouting", "false"))))
            .ShouldBeAsync(HttpStatusCode.OK);
        updated.Text("friendly_name").Should().Be("E-mail");
        updated.GetProperty("channel_optimized_routing").GetBoolean().Should().BeFalse();
        (await tenant.Client.GetJsonAsync($"{path}/{channel.Sid()}")).Text("friendly_name").Should().Be("E-mail");
        (await tenant.Client.DeleteAsync($"{path}/email")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync($"{path}/email")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unique_names_are_unique_and_required()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "Voice 2"), ("UniqueName", "voice"))))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict)).Text("message").Should().Contain("voice");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "Nameless"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("UniqueName");
        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "x"), ("UniqueName", "x"), ("ChannelOptimizedRouting", "often"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("ChannelOptimizedRouting");
    }

    [Fact]
    public async Task A_unique_name_cannot_be_another_channels_sid()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        var voice = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskChannels/voice");

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "Impostor"), ("UniqueName", voice.Sid()))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("UniqueName");
        (await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskChannels/{voice.Sid()}")).Text("unique_name").Should().Be("voice");
    }

    [Fact]
    public async Task A_workspace_holds_at_most_15_task_channels()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();
        for (var i = 5; i < 15; i++)
        {
            await tenant.Client.CreateAsync(ws, "TaskChannels", ("FriendlyName", $"c{i}"), ("UniqueName", $"c{i}"));
        }

        (await (await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/TaskChannels", Form.Of(("FriendlyName", "x"), ("UniqueName", "x"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Text("message").Should().Contain("15");
    }

    [Fact]
    public async Task A_channel_carrying_an_active_task_cannot_be_deleted()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        await tenant.Client.CreateAsync(ws, "Tasks", ("TaskChannel", "voice"));

        await (await tenant.Client.DeleteAsync($"/v1/Workspaces/{ws}/TaskChannels/voice")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_pages()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync();

        var first = await tenant.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskChannels?PageSize=3");

        first.GetProperty("channels").EnumerateArray().Select(c => c.Text("unique_name")).Should().Equal("default", "voice", "chat");
        var next = new Uri(first.GetProperty("meta").GetProperty("next_page_url").GetString()!).PathAndQuery;
        (await tenant.Client.GetJsonAsync(next)).GetProperty("channels").EnumerateArray().Select(c => c.Text("unique_name")).Should().Equal("sms", "video");
    }

    [Fact]
    public async Task Unknown_and_foreign_channels_are_404s()
    {
        using var owner = await app.CreateTenantAsync();
        using var stranger = await app.CreateTenantAsync();
        var ws = await owner.Client.CreateWorkspaceSidAsync();
        var strangersWs = await stranger.Client.CreateWorkspaceSidAsync();
        var voice = await owner.Client.GetJsonAsync($"/v1/Workspaces/{ws}/TaskChannels/voice");

        await (await owner.Client.GetAsync($"/v1/Workspaces/{ws}/TaskChannels/fax")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{ws}/TaskChannels/voice")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/v1/Workspaces/{strangersWs}/TaskChannels/{voice.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.DeleteAsync($"/v1/Workspaces/{strangersWs}/TaskChannels/{voice.Sid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
