using System.Net.Http.Json;
using System.Text.Json;

namespace Telephony.Regions.Bench;

/// <summary>The few API calls the drivers make, through the public HTTP API.</summary>
internal static class Api
{
    public static async Task<HttpClient> TenantAsync(HostProcess host)
    {
        using var bootstrap = host.Client();
        var account = await PostAsync(bootstrap, "2010-04-01/Accounts.json", ("FriendlyName", "bench"));
        return host.Client(account.GetProperty("sid").GetString()!, account.GetProperty("auth_token").GetString()!);
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, params (string Key, string Value)[] fields)
    {
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path);

    public static string ToLoopback(string streamUrl, HostProcess host) =>
        new UriBuilder(new Uri(streamUrl)) { Host = host.BaseAddress.Host, Port = host.BaseAddress.Port }.Uri.AbsoluteUri;
}
