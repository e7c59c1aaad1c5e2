using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Regions.Tests.Support;

namespace Telephony.Regions.Tests.Recordings;

/// <summary>The central media service's side of the peer upload protocol, with many uploads appending at once (group commit).</summary>
public sealed class UploadProtocolTests
{
    private const int Uploads = 12;
    private const int AppendBytes = 800;

    [Fact]
    public async Task Concurrent_appends_to_many_uploads_are_each_applied_once_and_in_order()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var recordings = new List<string>();
        for (var i = 0; i < Uploads; i++)
        {
            recordings.Add((await StoreAndForwardTests.RecordedSessionAsync(tenant)).Recording);
        }

        using var peer = PeerClient(regions["ie1"]);
        var audio = recordings.ToDictionary(r => r, r => MediaStreamClient.Audio(15, seed: recordings.IndexOf(r)));

        // Every upload takes three appends in a row; all uploads append at the same time, so appends meet in commit groups.
        await Task.WhenAll(recordings.Select(async recording =>
        {
            for (var part = 0; part < 3; part++)
            {
                var response = await AppendAsync(peer, recording, offset: part * AppendBytes, sequence: 1 + (part * 5), audio[recording].AsSpan(part * AppendBytes, AppendBytes).ToArray());
                response.StatusCode.Should().Be(HttpStatusCode.NoContent);
                Header(response, "Upload-Offset").Should().Be((part + 1) * AppendBytes);
            }
        }));

        // Replays of an applied sequence (a retry, or a restart before the acknowledgement was recorded) append nothing.
        await Task.WhenAll(recordings.Select(async recording =>
        {
            var replay = await AppendAsync(peer, recording, offset: 0, sequence: 1, audio[recording].AsSpan(0, AppendBytes).ToArray());
            replay.StatusCode.Should().Be(HttpStatusCode.NoContent);
            Header(replay, "Upload-Offset").Should().Be(3 * AppendBytes);
        }));

        foreach (var recording in recordings)
        {
            var fetched = await (await tenant.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK);
            fetched.GetProperty("bytes").GetInt64().Should().Be(3 * AppendBytes);
            using var content = await tenant.Client.GetAsync($"/v1/Recordings/{recording}/Content");
            (await content.Content.ReadAsByteArrayAsync())[^(3 * AppendBytes)..].Should().Equal(audio[recording][..(3 * AppendBytes)]);
        }
    }

    [Fact]
    public async Task An_append_at_the_wrong_offset_is_a_409_and_a_wrong_checksum_a_460_and_neither_writes()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, _, recording) = await StoreAndForwardTests.RecordedSessionAsync(tenant);
        using var peer = PeerClient(regions["ie1"]);
        var audio = MediaStreamClient.Audio(10);

        (await AppendAsync(peer, recording, 0, 1, audio[..AppendBytes])).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var wrongOffset = await AppendAsync(peer, recording, 0, 6, audio[AppendBytes..]);
        wrongOffset.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await wrongOffset.Content.ReadAsStringAsync()).Should().Contain("the upload is at 800");

        var tampered = await AppendAsync(peer, recording, AppendBytes, 6, audio[AppendBytes..], checksumOf: audio[..AppendBytes]);
        ((int)tampered.StatusCode).Should().Be(460);

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/peer/v1/Uploads/{recording}");
        head.Headers.Add("Tus-Resumable", "1.0.0");
        var status = await peer.SendAsync(head);
        Header(status, "Upload-Offset").Should().Be(AppendBytes);
        Header(status, "Upload-Sequence").Should().Be(1);
    }

    [Fact]
    public async Task An_append_over_a_megabyte_is_a_413_and_writes_nothing()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, _, recording) = await StoreAndForwardTests.RecordedSessionAsync(tenant);
        using var peer = PeerClient(regions["ie1"]);

        var tooLarge = await AppendAsync(peer, recording, 0, 1, new byte[(1024 * 1024) + 1]);

        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        using var head = new HttpRequestMessage(HttpMethod.Head, $"/peer/v1/Uploads/{recording}");
        head.Headers.Add("Tus-Resumable", "1.0.0");
        Header(await peer.SendAsync(head), "Upload-Offset").Should().Be(0);
    }

    [Fact]
    public async Task A_damaged_upload_fails_alone_and_the_central_service_goes_on_with_the_others()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var damaged = (await StoreAndForwardTests.RecordedSessionAsync(tenant)).Recording;
        var sound = (await StoreAndForwardTests.RecordedSessionAsync(tenant)).Recording;
        // A hand edit or a bad sector: the row no longer reads (its date is not a date).
        await using (var database = new SqliteConnection($"Data Source={Path.Combine(regions["ie1"].DataPath, "regions.db")}"))
        {
            await database.OpenAsync();
            await using var damage = database.CreateCommand();
            damage.CommandText = """UPDATE "Recordings" SET "DateCreated" = 'not a date' WHERE "Sid" = $sid""";
            damage.Parameters.AddWithValue("$sid", damaged);
            (await damage.ExecuteNonQueryAsync()).Should().Be(1);
        }

        using var peer = PeerClient(regions["ie1"]);
        var audio = MediaStreamClient.Audio(15);
        var within = TimeSpan.FromSeconds(30);
        (await AppendAsync(peer, sound, 0, 1, audio[..AppendBytes]).WaitAsync(within)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Sent together right after a commit, the two usually meet in one group.
        var together = await Task.WhenAll(
            AppendAsync(peer, damaged, 0, 1, audio[..AppendBytes]),
            AppendAsync(peer, sound, AppendBytes, 6, audio[AppendBytes..(2 * AppendBytes)])).WaitAsync(within);
        var after = await AppendAsync(peer, sound, 2 * AppendBytes, 11, audio[(2 * AppendBytes)..(3 * AppendBytes)]).WaitAsync(within);

        together[0].IsSuccessStatusCode.Should().BeFalse();
        together[1].StatusCode.Should().Be(HttpStatusCode.NoContent);
        after.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(after, "Upload-Offset").Should().Be(3 * AppendBytes);
    }

    [Fact]
    public async Task An_append_of_unknown_length_is_a_413_as_soon_as_it_passes_a_megabyte_not_when_it_ends()
    {
        // Over a real socket, so that the body has no Content-Length (chunked), as a misbehaving
        // peer's might: it goes past the limit and then stalls; the answer must not wait for its end.
        using var app = TelephonyApp.Create(new Dictionary<string, string?>
        {
            ["Regions:Local"] = "us1",
            ["Regions:PeerToken"] = Deployment.PeerToken,
            ["Hangfire:ServerEnabled"] = "false",
        });
        app.UseKestrel(0);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PATCH /peer/v1/Uploads/RE{new string('0', 32)} HTTP/1.1\r\nHost: {address.Authority}\r\n"
            + $"Authorization: Bearer {Deployment.PeerToken}\r\nContent-Type: application/offset+octet-stream\r\nTus-Resumable: 1.0.0\r\n"
            + $"Upload-Offset: 0\r\nUpload-Sequence: 1\r\nUpload-Checksum: sha256 {Convert.ToBase64String(new byte[32])}\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"));
        var chunk = new byte[64 * 1024];
        for (var sent = 0; sent <= 1024 * 1024; sent += chunk.Length)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            await stream.WriteAsync(chunk);
            await stream.WriteAsync("\r\n"u8.ToArray());
        }

        using var response = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var statusLine = await response.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        statusLine.Should().StartWith("HTTP/1.1 413");
    }

    internal static HttpClient PeerClient(RegionApp app)
    {
        var peer = app.CreateClient();
        peer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deployment.PeerToken);
        return peer;
    }

    internal static async Task<HttpResponseMessage> AppendAsync(HttpClient peer, string recording, long offset, long sequence, byte[] bytes, byte[]? checksumOf = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/peer/v1/Uploads/{recording}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Sequence", sequence.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Checksum", "sha256 " + Convert.ToBase64String(SHA256.HashData(checksumOf ?? bytes)));
        return await peer.SendAsync(request);
    }

    private static long Header(HttpResponseMessage response, string name) =>
        long.Parse(response.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);
}
