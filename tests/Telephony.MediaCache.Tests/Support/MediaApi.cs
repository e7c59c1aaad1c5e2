using System.Net;
using System.Text.Json;

namespace Telephony.MediaCache.Tests.Support;

/// <summary>Small HTTP helpers over the media API, so tests read as what a user does.</summary>
public static class MediaApi
{
    public static async Task<JsonElement> CreateAsync(HttpClient client, string url, string? format = null, bool? pinned = null)
    {
        var fields = new List<(string, string)> { ("Url", url) };
        if (format is not null)
        {
            fields.Add(("Format", format));
        }

        if (pinned is not null)
        {
            fields.Add(("Pinned", pinned.Value ? "true" : "false"));
        }

        return await (await client.PostAsync("/v1/Media", Form.Of([.. fields]))).ShouldBeAsync(HttpStatusCode.Accepted);
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string sid) =>
        await (await client.GetAsync($"/v1/Media/{sid}")).ShouldBeAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string sid, string status, int seconds = 60)
    {
        JsonElement media = default;
        await Audio.WaitUntilAsync(
            async () =>
            {
                media = await GetAsync(client, sid);
                return media.GetProperty("status").GetString() == status;
            },
            () => $"media {sid} to be {status} (last seen {media})",
            seconds);
        return media;
    }

    public static async Task<JsonElement> StatisticsAsync(HttpClient client) =>
        await (await client.GetAsync("/v1/Media/Statistics")).ShouldBeAsync(HttpStatusCode.OK);

    public static string Sid(this JsonElement media) => media.GetProperty("sid").GetString()!;
}
