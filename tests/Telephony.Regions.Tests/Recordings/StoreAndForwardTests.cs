using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NAudio.Wave;
using Telephony.Regions.Data;
using Telephony.Regions.Tests.Resources;
using Telephony.Regions.Tests.Sessions;
using Telephony.Regions.Tests.Support;
using Telephony.Regions.Tunnel;

namespace Telephony.Regions.Tests.Recordings;

/// <summary>A tenant homed in ie1 whose endpoint streams to us1: the recording lands in ie1's central media service.</summary>
public sealed class StoreAndForwardTests
{
    private const int SixtySeconds = 3000;

    [Fact]
    public async Task A_session_homed_in_one_region_with_media_in_another_is_recorded_at_home_byte_for_byte()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(500);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 500);
            await stream.StopAsync();
        }

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        done.GetProperty("duration").GetDouble().Should().Be(10);
        done.GetProperty("region").GetString().Should().Be("ie1");
        done.GetProperty("source_region").GetString().Should().Be("us1");
        (await ContentAsync(tenant, recording)).Should().Equal(audio);

        var session = await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK);
        session.GetProperty("frames").GetProperty("received").GetInt64().Should().Be(500);
        session.GetProperty("frames").GetProperty("missing").GetInt64().Should().Be(0);
        var listed = await (await tenant.Client.GetAsync($"/v1/Recordings?SessionSid={sid}")).ShouldBeAsync(HttpStatusCode.OK);
        listed.GetProperty("recordings").EnumerateArray().Select(r => r.GetProperty("sid").GetString()).Should().Equal(recording);

        // Its buffer's work done, the media region keeps no trace of the branch in memory.
        var sealer = regions["us1"].Services.GetRequiredService<ChunkSealer>();
        await Eventually.UntilAsync(() => Task.FromResult(sealer.FoldersWithWork), count => count == 0, "no folder left with work");
    }

    [Fact]
    public async Task Out_of_order_and_missing_frames_are_counted_and_the_stream_goes_on()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(10);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 3);
            await stream.SendFramesAsync(audio, 6, 10); // 4 and 5 lost...
            await stream.SendFramesAsync(audio, 4, 4);  // ...4 arrives late
            await stream.MarkAsync("after-gap");
            await stream.StopAsync();
        }

        var session = await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK);
        var frames = session.GetProperty("frames");
        frames.GetProperty("received").GetInt64().Should().Be(8);
        frames.GetProperty("missing").GetInt64().Should().Be(2);
        frames.GetProperty("out_of_order").GetInt64().Should().Be(1);
        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal([.. audio[..(3 * 160)], .. audio[(5 * 160)..]]);
    }

    [Fact]
    public async Task Messages_the_json_reader_cannot_decode_are_ignored_and_the_stream_goes_on()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(10);

        // Well-formed JSON whose strings cannot be decoded: a lone surrogate escaped, and bytes that are not UTF-8.
        byte[][] undecodable =
        [
            """{"event":"mark","mark":{"name":"\uD800"}}"""u8.ToArray(),
            """{"event":"media","media":{"chunk":"\uDC00","payload":"AAAA"}}"""u8.ToArray(),
            """{"event":"media","media":{"chunk":"4","payload":"\uD800AA"}}"""u8.ToArray(),
            [.. """{"event":"mark","mark":{"name":"""u8, (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)'}'],
        ];
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 3);
            foreach (var message in undecodable)
            {
                await stream.SendRawAsync(message);
            }

            await stream.SendFramesAsync(audio, 4, 10);
            await stream.MarkAsync("after-the-bad-messages");
            await stream.StopAsync();
        }

        var session = await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK);
        session.GetProperty("frames").GetProperty("received").GetInt64().Should().Be(10);
        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_partition_during_a_60_second_stream_loses_and_duplicates_nothing()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(SixtySeconds, seed: 42);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 600);
            await stream.MarkAsync("before-partition");
            regions.Router.Partition("ie1", down: true);
            await stream.SendFramesAsync(audio, 601, 2400);
            await stream.MarkAsync("during-partition");

            // While the link is down the home region has only part of the audio.
            var partial = await (await tenant.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK);
            partial.GetProperty("status").GetString().Should().NotBe("completed");
            partial.GetProperty("bytes").GetInt64().Should().BeLessThan(audio.Length);

            regions.Router.Partition("ie1", down: false);
            await stream.SendFramesAsync(audio, 2401, SixtySeconds);
            await stream.StopAsync();
        }

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task The_media_region_asks_home_for_the_upload_offset_once_not_before_every_append()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(SixtySeconds, seed: 7);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            // The home region receives part of the audio before the rest is sent: two uploader passes at least.
            await stream.SendFramesAsync(audio, 1, 1000);
            await stream.MarkAsync("first-third");
            await Eventually.UntilAsync(
                async () => await (await tenant.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK),
                r => r.GetProperty("bytes").GetInt64() > 0,
                "the first append to arrive at home");
            await stream.SendFramesAsync(audio, 1001, SixtySeconds);
            await stream.StopAsync();
        }

        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
        var upload = regions.Router.Delivered.Where(r => r.EndsWith($"/peer/v1/Uploads/{recording}", StringComparison.Ordinal)).ToList();
        upload.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(3, "two appends at least and the final length");
        upload.Count(r => r.StartsWith("HEAD ", StringComparison.Ordinal)).Should().Be(1, "the offset is known from each append's answer");
    }

    [Fact]
    public async Task An_answered_mark_means_a_crash_right_after_it_would_keep_every_frame_before_it()
    {
        using var regions = WithLongChunks();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(120, seed: 11);
        var branch = BufferFolder(regions, recording);
        var copy = Directory.CreateTempSubdirectory("regions-crash-copy-").FullName;
        try
        {
            await using var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl);
            await stream.SendFramesAsync(audio, 1, 120);
            await stream.MarkAsync("all-120");

            // What a crash at this instant leaves on disk, recovered as the next start would.
            foreach (var file in Directory.GetFiles(branch))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            BranchWriter.Recover(copy, ackedThroughFrame: 0).Should().Be(120);
            var chunks = ChunkFile.InFolder(copy);
            chunks.SelectMany(chunk => File.ReadAllBytes(chunk.Path)).Should().Equal(audio);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task A_chunk_a_power_cut_left_renamed_but_empty_is_recovered_from_the_journal()
    {
        using var regions = WithLongChunks();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(1200, seed: 47);
        var branch = BufferFolder(regions, recording);
        var copy = Directory.CreateTempSubdirectory("regions-crash-copy-").FullName;
        try
        {
            // Nothing leaves for home: the first chunk stays in the buffer.
            regions.Router.Partition("ie1", down: true);
            await using var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl);
            await stream.SendFramesAsync(audio, 1, 1200);
            await stream.MarkAsync("all-1200");
            await Eventually.UntilAsync(() => Task.FromResult(ChunkFile.InFolder(branch).Count), count => count > 0, "the first chunk to be written");

            // What a power cut leaves when the chunk's rename reached the disk but its bytes did not.
            foreach (var file in Directory.GetFiles(branch))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var emptied = ChunkFile.InFolder(copy).Single();
            File.WriteAllBytes(emptied.Path, []);

            BranchWriter.Recover(copy, ackedThroughFrame: 0).Should().Be(1200);
            ChunkFile.InFolder(copy).SelectMany(chunk => File.ReadAllBytes(chunk.Path)).Should().Equal(audio);
            Directory.GetFiles(copy, "*" + ChunkFile.DamagedSuffix).Select(Path.GetFileName).Should()
                .Equal([Path.GetFileName(emptied.Path) + ChunkFile.DamagedSuffix], "the chunk that failed its checksum is set aside, not sent");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task A_journal_that_cannot_be_written_ends_the_stream_unanswered_and_its_frames_still_reach_the_recording()
    {
        using var regions = WithLongChunks();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(120, seed: 13);

        // A folder where the branch's first journal goes: it cannot be opened for writing.
        Directory.CreateDirectory(BranchWriter.JournalPath(BufferFolder(regions, recording), 0));
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 120);
            (await stream.MarkUntilClosedAsync("unwritable")).Should().BeEmpty("a mark is answered only once the frames before it are written");
        }

        // The stream's end sealed its frames into a chunk, which went on to the home region.
        await Eventually.UntilAsync(
            async () => await (await tenant.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK),
            r => r.GetProperty("bytes").GetInt64() == audio.Length,
            $"recording {recording} to hold the 120 frames");
    }

    [Fact]
    public async Task A_chunk_that_cannot_be_written_leaves_its_frames_in_the_journals_and_the_recording_still_gets_every_frame()
    {
        using var regions = WithChunksOfOneFrame();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);

        // 140 s of audio after the failure: more than the 1 MB the home region takes in one append.
        var audio = MediaStreamClient.Audio(7000, seed: 17);
        BlockFirstChunk(regions, recording, audio);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 7000);
            await stream.MarkAsync("all-7000");
            await stream.StopAsync();
        }

        // No later chunk went ahead of the lost one: the journals kept every frame, sealed when the branch closed.
        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_seal_that_cannot_journal_its_frames_makes_the_next_mark_wait_for_their_chunk()
    {
        using var regions = WithChunksOfOneFrame();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(20, seed: 23);

        // Frame 1's seal cannot write its journal record, and moves the branch to its second journal; its chunk is
        // written, so the mark is answered. (The frames after it move the branch back to the first journal, whose
        // records fail again: a mark then would go unanswered, so the stream stops without one.)
        Directory.CreateDirectory(BranchWriter.JournalPath(BufferFolder(regions, recording), 0));
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 1);
            await stream.MarkAsync("after-the-chunk");
            await stream.SendFramesAsync(audio, 2, 20);
            await stream.StopAsync();
        }

        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_frame_in_neither_a_journal_nor_a_chunk_holds_back_marks_until_the_endpoint_sends_it_again()
    {
        using var regions = WithChunksOfOneFrame();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(30, seed: 19);

        // Frame 1's seal can write neither its journal record nor its chunk; the second journal works.
        Directory.CreateDirectory(BranchWriter.JournalPath(BufferFolder(regions, recording), 0));
        BlockFirstChunk(regions, recording, audio);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 20);
            (await stream.MarkUntilClosedAsync("after-a-lost-frame")).Should().BeEmpty("frame 1 is not durable anywhere, so the endpoint must not be told it is");
        }

        // The endpoint resumes after its last answered mark (none): its replay gives frame 1 back.
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 30);
            await stream.MarkAsync("all-30");
            await stream.StopAsync();
        }

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task Large_frames_are_sealed_in_chunks_small_enough_for_one_append()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);

        // One-second frames, the largest a frame may be: 250 of them (the default chunk) would be 2 MB.
        const int frameBytes = 8000;
        var audio = new byte[300 * frameBytes];
        new Random(29).NextBytes(audio);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 300, frameBytes);
            await stream.StopAsync();
        }

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_restart_of_the_media_region_mid_stream_resumes_the_buffer_and_the_upload()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(SixtySeconds, seed: 9);

        regions.Router.Partition("ie1", down: true);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 1525);
            await stream.MarkAsync("durable-1525");
        }

        var restarted = regions.Restart("us1");
        regions.Router.Partition("ie1", down: false);
        await using (var stream = await MediaStreamClient.ConnectAsync(restarted, streamUrl))
        {
            // The endpoint resumes after its last acknowledged mark and replays a little: replays are dropped.
            await stream.SendFramesAsync(audio, 1501, SixtySeconds);
            await stream.StopAsync();
        }

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
        var session = await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK);
        session.GetProperty("frames").GetProperty("out_of_order").GetInt64().Should().Be(25);
    }

    [Fact]
    public async Task A_branch_whose_journal_cannot_be_sealed_at_start_up_does_not_stop_the_region_and_is_sealed_once_it_closes()
    {
        using var regions = WithLongChunks();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(120, seed: 43);
        var branch = BufferFolder(regions, recording);
        var crash = Directory.CreateTempSubdirectory("regions-crash-copy-").FullName;
        var blocked = Path.Combine(branch, ChunkFile.NameFor(1, 120, Convert.ToHexStringLower(SHA256.HashData(audio))) + ".tmp");
        try
        {
            regions.Router.Partition("ie1", down: true);
            await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
            {
                await stream.SendFramesAsync(audio, 1, 120);
                await stream.MarkAsync("all-120");
                foreach (var file in Directory.GetFiles(branch))
                {
                    File.Copy(file, Path.Combine(crash, Path.GetFileName(file)));
                }
            }

            // us1 comes back from a crash at the mark (its frames in a journal only), on a disk that refuses
            // the chunk the journal would become.
            var restarted = regions.Restart("us1", _ =>
            {
                foreach (var file in Directory.GetFiles(branch))
                {
                    File.Delete(file);
                }

                foreach (var file in Directory.GetFiles(crash))
                {
                    File.Copy(file, Path.Combine(branch, Path.GetFileName(file)));
                }

                Directory.CreateDirectory(blocked);
            });

            using var op = restarted.CreateBootstrapClient();
            await (await op.GetAsync("/v1/MediaResources")).ShouldBeAsync(HttpStatusCode.OK);
            BranchWriter.HasJournals(branch).Should().BeTrue("the journal is left for later, not dropped");

            // Once the disk takes the chunk, closing the branch seals its journal and the recording gets every frame.
            Directory.Delete(blocked);
            regions.Router.Partition("ie1", down: false);
            (await tenant.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "completed")))).StatusCode.Should().Be(HttpStatusCode.OK);
            var done = await CompletedAsync(tenant, recording);
            done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
            (await ContentAsync(tenant, recording)).Should().Equal(audio);
        }
        finally
        {
            Directory.Delete(crash, recursive: true);
        }
    }

    [Fact]
    public async Task A_restart_of_the_home_region_while_chunks_wait_resumes_the_upload()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(1000, seed: 3);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 400);
            await stream.MarkAsync("first");
            regions.Router.Partition("ie1", down: true);
            await stream.SendFramesAsync(audio, 401, 1000);
            await stream.StopAsync();
        }

        var home = regions.Restart("ie1");
        using var again = home.CreateClient(tenant.AccountSid, tenant.AuthToken);
        regions.Router.Partition("ie1", down: false);
        await Eventually.UntilAsync(
            async () => await (await again.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK),
            r => r.GetProperty("status").GetString() == "completed",
            "the recording to complete after the home region restarted");
        using var content = await again.GetAsync($"/v1/Recordings/{recording}/Content");
        ReadWav(await content.Content.ReadAsByteArrayAsync()).Should().Equal(audio);
    }

    [Fact]
    public async Task A_session_homed_and_streamed_in_one_region_is_recorded_there()
    {
        using var app = new TelephonyApp();
        using var tenant = await app.CreateTenantAsync();
        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of())).ShouldBeAsync(HttpStatusCode.Created);
        session.GetProperty("media_region").GetString().Should().Be("us1");
        var sid = session.GetProperty("sid").GetString();
        var recorded = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);
        SelectionAcrossRegionsTests.Hops(recorded, "tunnel").Should().BeEmpty();
        var recording = recorded.GetProperty("recordings")[0].GetString()!;
        var audio = MediaStreamClient.Audio(120);

        await using (var stream = await MediaStreamClient.ConnectAsync(app, session.GetProperty("media_stream_url").GetString()!))
        {
            await stream.SendFramesAsync(audio, 1, 120);
            await stream.StopAsync();
        }

        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task The_media_socket_refuses_a_wrong_token()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, _) = await RecordedSessionAsync(tenant);
        var forged = streamUrl[..(streamUrl.IndexOf("Token=", StringComparison.Ordinal) + 6)] + "0000";

        var refused = async () => await MediaStreamClient.ConnectAsync(regions["us1"], forged);
        await refused.Should().ThrowAsync<InvalidOperationException>().WithMessage("*404*");
    }

    [Fact]
    public async Task A_chunk_damaged_on_disk_is_left_out_and_the_rest_of_the_recording_still_arrives()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        var audio = MediaStreamClient.Audio(1500, seed: 5);

        regions.Router.Partition("ie1", down: true);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 1500);
            await stream.StopAsync();
        }

        var folder = Path.Combine(regions["us1"].DataPath, "regions-buffer", recording);
        var chunks = await Eventually.UntilAsync(
            () => Task.FromResult(Directory.GetFiles(folder, "*.chunk").Order(StringComparer.Ordinal).ToList()),
            files => files.Count >= 3,
            "the stopped branch to be sealed into chunks");
        var damaged = chunks[1];
        var frames = Path.GetFileNameWithoutExtension(damaged).Split('-').Take(2).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var bytes = await File.ReadAllBytesAsync(damaged);
        bytes[0] ^= 0xff;
        await File.WriteAllBytesAsync(damaged, bytes);
        regions.Router.Partition("ie1", down: false);

        var done = await CompletedAsync(tenant, recording);
        var (lostFrom, lostTo) = ((frames[0] - 1) * 160, frames[1] * 160);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length - bytes.Length);
        (await ContentAsync(tenant, recording)).Should().Equal([.. audio[..lostFrom], .. audio[lostTo..]]);
        await Eventually.UntilAsync(() => BranchCompletedAsync(regions["us1"], recording), completed => completed, "us1 to record the branch complete");
        Directory.GetFiles(folder, "*" + ChunkFile.DamagedSuffix).Select(Path.GetFileName).Should()
            .Equal([Path.GetFileName(damaged) + ChunkFile.DamagedSuffix], "the damaged chunk stays for an operator after the recording completes");
    }

    [Theory]
    [InlineData("end the session")]
    [InlineData("remove record")]
    public async Task A_recording_whose_recorder_failed_over_to_none_completes_with_every_frame_when_the_session_lets_it_go(string how)
    {
        // Only one recorder anywhere, a registered one in us1: when it goes silent there is nothing to fail over to.
        using var regions = new Deployment(
            ("us1", new Dictionary<string, string?> { ["Regions:BuiltIn:Recorder"] = "0", ["Regions:HeartbeatTimeoutSeconds"] = "2" }),
            ("ie1", new Dictionary<string, string?> { ["Regions:BuiltIn:Recorder"] = "0" }));
        using var op = regions["us1"].CreateBootstrapClient();
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var recorder = await MediaResourcesTests.RegisterAsync(op, "recorder", 10);
        using var placed = new CancellationTokenSource();
        var beats = MediaResourcesTests.BeatUntilAsync(op, recorder, placed.Token);
        var (sid, streamUrl, recording) = await RecordedSessionAsync(tenant);
        await placed.CancelAsync();
        await beats;
        var audio = MediaStreamClient.Audio(200, seed: 31);

        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 100);
            await stream.MarkAsync("first-100");
            var failedOver = await Eventually.UntilAsync(
                async () => await (await tenant.Client.GetAsync($"/v1/Sessions/{sid}")).ShouldBeAsync(HttpStatusCode.OK),
                s => s.GetProperty("media_path").GetProperty("failovers").GetArrayLength() > 0,
                "the recorder to fail over");
            var failover = failedOver.GetProperty("media_path").GetProperty("failovers")[0];
            failover.GetProperty("from_resource").GetString().Should().Be(recorder);
            (failover.TryGetProperty("to_resource", out var to) ? to.ValueKind : JsonValueKind.Null).Should().Be(JsonValueKind.Null, "no recorder is left to take it");

            // The branch keeps buffering what the endpoint sends after the failover.
            await stream.SendFramesAsync(audio, 101, 200);
            await stream.MarkAsync("all-200");
        }

        var answer = how == "end the session"
            ? await tenant.Client.PostAsync($"/v1/Sessions/{sid}", Form.Of(("Status", "completed")))
            : await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Remove", "record")));
        await answer.ShouldBeAsync(HttpStatusCode.OK);

        var done = await CompletedAsync(tenant, recording);
        done.GetProperty("bytes").GetInt64().Should().Be(audio.Length);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_lost_answer_to_adding_record_keeps_the_recording_the_media_region_records_into()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "us1")))).ShouldBeAsync(HttpStatusCode.Created);
        var sid = session.GetProperty("sid").GetString()!;

        // us1 adds record and opens the branch, but ie1 never hears so.
        regions.Router.LoseAnswers(call => call.StartsWith("POST /peer/v1/Legs/", StringComparison.Ordinal) && call.EndsWith("/Requirements", StringComparison.Ordinal));
        await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        regions.Router.LoseAnswers(null);

        // The tenant tries again, as the 503 says: the answer names the recording us1 records into, and only it.
        var recorded = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);
        var recording = recorded.GetProperty("recordings").EnumerateArray().Single().GetString()!;
        var listed = await (await tenant.Client.GetAsync($"/v1/Recordings?SessionSid={sid}")).ShouldBeAsync(HttpStatusCode.OK);
        listed.GetProperty("recordings").EnumerateArray().Select(r => r.GetProperty("sid").GetString()).Should().Equal(recording);

        var audio = MediaStreamClient.Audio(100, seed: 37);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], session.GetProperty("media_stream_url").GetString()!))
        {
            await stream.SendFramesAsync(audio, 1, 100);
            await stream.StopAsync();
        }

        await CompletedAsync(tenant, recording);
        (await ContentAsync(tenant, recording)).Should().Equal(audio);
    }

    [Fact]
    public async Task A_branch_whose_upload_the_home_region_does_not_know_stops_and_keeps_its_buffer()
    {
        using var regions = new Deployment(("us1", null), ("ie1", null));
        using var tenant = await regions["ie1"].CreateTenantAsync();
        var (_, streamUrl, recording) = await RecordedSessionAsync(tenant);
        await using (var scope = regions["ie1"].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegionsDb>();
            db.Recordings.Remove(await db.Recordings.SingleAsync(r => r.Sid == recording));
            await db.SaveChangesAsync();
        }

        var audio = MediaStreamClient.Audio(100, seed: 41);
        await using (var stream = await MediaStreamClient.ConnectAsync(regions["us1"], streamUrl))
        {
            await stream.SendFramesAsync(audio, 1, 100);
            await stream.StopAsync();
        }

        // A 404 is an answer, not a broken link: asking again would not change it.
        await Eventually.UntilAsync(() => BranchCompletedAsync(regions["us1"], recording), completed => completed, "us1 to stop sending the branch");
        ChunkFile.InFolder(BufferFolder(regions, recording)).SelectMany(chunk => File.ReadAllBytes(chunk.Path)).Should().Equal(audio, "the audio no one took stays for an operator");
    }

    internal static async Task<(string Sid, string StreamUrl, string Recording)> RecordedSessionAsync(Tenant tenant)
    {
        var session = await (await tenant.Client.PostAsync("/v1/Sessions", Form.Of(("MediaRegion", "us1")))).ShouldBeAsync(HttpStatusCode.Created);
        var sid = session.GetProperty("sid").GetString()!;
        var recorded = await (await tenant.Client.PostAsync($"/v1/Sessions/{sid}/Requirements", Form.Of(("Add", "record")))).ShouldBeAsync(HttpStatusCode.OK);
        return (sid, session.GetProperty("media_stream_url").GetString()!, recorded.GetProperty("recordings")[0].GetString()!);
    }

    /// <summary>Media in us1 with long chunks: the frames before a mark are in no chunk file yet, only in the branch's journal.</summary>
    private static Deployment WithLongChunks() =>
        new(("us1", new Dictionary<string, string?> { ["Regions:FramesPerChunk"] = "1000" }), ("ie1", null));

    /// <summary>Media in us1 sealed frame by frame: the first chunk holds frame 1 alone, so its file's name is known in advance.</summary>
    private static Deployment WithChunksOfOneFrame() =>
        new(("us1", new Dictionary<string, string?> { ["Regions:FramesPerChunk"] = "1" }), ("ie1", null));

    /// <summary>A folder where the branch's first chunk is written aside before its rename: that write fails.</summary>
    private static void BlockFirstChunk(Deployment regions, string recording, byte[] audio) =>
        Directory.CreateDirectory(Path.Combine(
            BufferFolder(regions, recording),
            ChunkFile.NameFor(1, 1, Convert.ToHexStringLower(SHA256.HashData(audio.AsSpan(0, MediaStreamClient.FrameBytes)))) + ".tmp"));

    /// <summary>The recording branch's durable buffer in the media region, us1.</summary>
    private static string BufferFolder(Deployment regions, string recording) =>
        Path.Combine(regions["us1"].DataPath, "regions-buffer", recording);

    /// <summary>Whether the media region has recorded the branch complete (its buffer folder is then cleaned up).</summary>
    private static async Task<bool> BranchCompletedAsync(RegionApp media, string recording)
    {
        await using var scope = media.Services.CreateAsyncScope();
        var branch = await scope.ServiceProvider.GetRequiredService<RegionsDb>().Branches.AsNoTracking().SingleAsync(b => b.RecordingSid == recording);
        return branch.Completed;
    }

    private static Task<JsonElement> CompletedAsync(Tenant tenant, string recording) => Eventually.UntilAsync(
        async () => await (await tenant.Client.GetAsync($"/v1/Recordings/{recording}")).ShouldBeAsync(HttpStatusCode.OK),
        r => r.GetProperty("status").GetString() == "completed",
        $"recording {recording} to complete");

    private static async Task<byte[]> ContentAsync(Tenant tenant, string recording)
    {
        using var response = await tenant.Client.GetAsync($"/v1/Recordings/{recording}/Content");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        return ReadWav(await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] ReadWav(byte[] wav)
    {
        using var reader = new WaveFileReader(new MemoryStream(wav));
        reader.WaveFormat.Encoding.Should().Be(WaveFormatEncoding.MuLaw);
        reader.WaveFormat.SampleRate.Should().Be(8000);
        reader.WaveFormat.Channels.Should().Be(1);
        var data = new byte[reader.Length];
        reader.ReadExactly(data);
        return data;
    }
}
