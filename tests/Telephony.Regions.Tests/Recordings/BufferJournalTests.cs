using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Tunnel;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Regions.Tests.Recordings;

/// <summary>
/// The media region's durable buffer on real files and its real threads: a branch's two journals
/// are emptied and written again from their start many times (over older, longer records), and
/// what a process that stopped without closing the branch leaves (chunks and journals) recovers
/// every frame exactly once.
/// </summary>
public sealed class BufferJournalTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("regions-journal-").FullName;

    [Fact]
    public async Task A_branch_left_open_recovers_every_frame_once_in_order_from_its_chunks_and_reused_journals()
    {
        var options = Options.Create(new RegionsOptions { FramesPerChunk = 10, BufferSyncMs = 50 });
        using var signal = new UploadSignal();
        var sealer = new ChunkSealer(signal, new BufferLedger(TimeProvider.System), new DataFolder(_data), options, NullLogger<ChunkSealer>.Instance);
        await sealer.StartAsync(CancellationToken.None);
        var folder = Path.Combine(sealer.Root, "RE00000000000000000000000000000001");
        var writer = new BranchWriter("RE00000000000000000000000000000001", folder, options.Value.FramesPerChunk, sealer);

        // Payloads of changing lengths: a journal's new records never line up with the old ones they overwrite.
        var frames = Enumerable.Range(1, 95).Select(frame => Enumerable.Repeat((byte)frame, 40 + (frame * 37 % 150)).ToArray()).ToList();
        for (var frame = 1; frame <= frames.Count; frame++)
        {
            writer.Append(frame, frames[frame - 1]);
            if (frame % 7 == 0 || frame == frames.Count)
            {
                writer.Mark().IsCompletedSuccessfully.Should().BeTrue("nothing failed, so no mark waits for a chunk");
            }
        }

        // The process stops without closing the branch: queued work is written, the journals stay.
        await sealer.StopAsync(CancellationToken.None);
        sealer.Dispose();
        Directory.GetFiles(folder, BranchWriter.JournalPrefix + "*").Should().NotBeEmpty("the frames since the last seal are only in a journal");

        var highest = BranchWriter.Recover(folder, ackedThroughFrame: 0);

        highest.Should().Be(frames.Count);
        var chunks = ChunkFile.InFolder(folder);
        chunks.Zip(chunks.Skip(1)).Should().OnlyContain(pair => pair.First.LastFrame < pair.Second.FirstFrame, "chunks never overlap");
        var recovered = chunks.SelectMany(chunk => File.ReadAllBytes(chunk.Path)).ToArray();
        recovered.Should().Equal(frames.SelectMany(frame => frame));
        Directory.GetFiles(folder, BranchWriter.JournalPrefix + "*").Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
