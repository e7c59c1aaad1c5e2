using System.Net;

namespace Telephony.TaskRouter.Tests.Workers;

/// <summary>Workers carry an ETag; If-Match makes an update or delete apply only to the version the caller read.</summary>
public sealed class WorkerConcurrencyTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_refused_and_changes_nothing()
    {
        using var tenant = await app.CreateTenantAsync();
        var ws = await tenant.Client.CreateWorkspaceSidAsync(template: "FIFO");
        var created = await tenant.Client.PostAsync($"/v1/Workspaces/{ws}/Workers", Form.Of(("FriendlyName", "alice")));
        var worker = (await created.ShouldBeAsync(HttpStatusCode.Created)).Sid();
        var first = created.Headers.ETag!.Tag;
        var path = $"/v1/Workspaces/{ws}/Workers/{worker}";

        var renamed = await tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = Form.Of(("Attributes", """{"level":2}""")),
            Headers = { { "If-Match", first } },
        });
        await renamed.ShouldBeAsync(HttpStatusCode.OK);
        renamed.Headers.ETag!.Tag.Should().NotBe(first);

        var stale = await tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = Form.Of(("Attributes", """{"level":9}""")),
            Headers = { { "If-Match", first } },
        });
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await tenant.Client.GetJsonAsync(path)).Text("attributes").Should().Be("""{"level":2}""");

        var staleDelete = await tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Headers = { { "If-Match", first } } });
        await staleDelete.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var fetched = await tenant.Client.GetAsync(path);
        await fetched.ShouldBeAsync(HttpStatusCode.OK);
        var current = fetched.Headers.ETag!.Tag;
        (await tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Headers = { { "If-Match", current } } }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
    }
}
