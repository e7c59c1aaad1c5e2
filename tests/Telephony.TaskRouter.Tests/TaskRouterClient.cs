using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests;

/// <summary>Short ways to make the resources a test needs, through the API.</summary>
internal static class TaskRouterClient
{
    public static async Task<JsonElement> CreateWorkspaceAsync(this HttpClient client, string friendlyName = "Support", string? template = null)
    {
        var fields = new List<(string, string)> { ("FriendlyName", friendlyName) };
        if (template is not null)
        {
            fields.Add(("Template", template));
        }

        return await (await client.PostAsync("/v1/Workspaces", Form.Of([.. fields]))).ShouldBeAsync(HttpStatusCode.Created);
    }

    public static async Task<string> CreateWorkspaceSidAsync(this HttpClient client, string friendlyName = "Support", string? template = null) =>
        (await client.CreateWorkspaceAsync(friendlyName, template)).Sid();

    public static async Task<JsonElement> CreateAsync(this HttpClient client, string workspaceSid, string collection, params (string Key, string Value)[] fields) =>
        await (await client.PostAsync($"/v1/Workspaces/{workspaceSid}/{collection}", Form.Of(fields))).ShouldBeAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).ShouldBeAsync(HttpStatusCode.OK);

    /// <summary>The sids of a list's items under its plural key.</summary>
    public static async Task<List<string>> ListSidsAsync(this HttpClient client, string path, string key) =>
        (await client.GetJsonAsync(path)).GetProperty(key).EnumerateArray().Select(Sid).ToList();

    public static async Task<string> ActivitySidAsync(this HttpClient client, string workspaceSid, string friendlyName) =>
        (await client.ListSidsAsync($"/v1/Workspaces/{workspaceSid}/Activities?FriendlyName={friendlyName}", "activities")).Single();

    public static string Sid(this JsonElement resource) => resource.GetProperty("sid").GetString()!;

    public static string Text(this JsonElement resource, string property) => resource.GetProperty(property).GetString()!;

    /// <summary>A workflow configuration that sends every task to one queue.</summary>
    public static string DefaultRouting(string queueSid) =>
        JsonSerializer.Serialize(new { task_routing = new { filters = Array.Empty<object>(), default_filter = new { queue = queueSid } } });
}
