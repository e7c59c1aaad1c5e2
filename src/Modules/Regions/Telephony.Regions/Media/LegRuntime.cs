using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Tunnel;

namespace Telephony.Regions.Media;

/// <summary>
/// The live side of a media leg in this process: frame order, counters and the recording
/// branches its frames are appended to. One lock per leg; frames of different legs never wait
/// on each other.
/// </summary>
internal sealed class LegRuntime(string legSid)
{
    private readonly Lock _gate = new();
    private readonly List<BranchWriter> _branches = [];

    public string LegSid { get; } = legSid;

    public long HighestFrame { get; private set; }

    public FrameCounters Frames { get; } = new();

    /// <summary>The socket currently streaming to this leg, closed when the session ends.</summary>
    private CancellationTokenSource? _streaming;

    public void StreamStarted(CancellationTokenSource streaming) => _streaming = streaming;

    /// <summary>Only the stream that is still the leg's is forgotten: an endpoint may reconnect before its old socket is gone.</summary>
    public void StreamEnded(CancellationTokenSource streaming) => Interlocked.CompareExchange(ref _streaming, null, streaming);

    /// <summary>Closes the leg's stream, if one is open (it may be ending on its own at the same moment).</summary>
    public void StopStreaming()
    {
        try
        {
            Volatile.Read(ref _streaming)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That stream's handler has just finished.
        }
    }

    /// <summary>
    /// Frames at or below the highest seen are late or replayed: counted and dropped, never written
    /// twice, unless a branch lost them to a failed write and asks for them again.
    /// </summary>
    public void OnMedia(long frame, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (frame <= HighestFrame)
            {
                Frames.OutOfOrder++;
                foreach (var branch in _branches)
                {
                    branch.Refill(frame, payload);
                }

                return;
            }

            if (HighestFrame > 0 && frame > HighestFrame + 1)
            {
                Frames.Missing += frame - HighestFrame - 1;
            }

            HighestFrame = frame;
            Frames.Received++;
            foreach (var branch in _branches)
            {
                branch.Append(frame, payload);
            }
        }
    }

    /// <summary>
    /// Writes every frame before the mark to the buffers' journals (throws <see cref="IOException"/>
    /// if one cannot be written) and returns what must complete before the mark may be answered:
    /// almost always nothing (<see cref="BranchWriter.Mark"/>).
    /// </summary>
    public Task OnMark()
    {
        lock (_gate)
        {
            Frames.Marks++;
            Task? wait = null;
            List<Task>? waits = null;
            foreach (var branch in _branches)
            {
                if (branch.Mark() is { IsCompletedSuccessfully: false } pending)
                {
                    if (wait is null)
                    {
                        wait = pending;
                    }
                    else
                    {
                        (waits ??= [wait]).Add(pending);
                    }
                }
            }

            return waits is not null ? Task.WhenAll(waits) : wait ?? Task.CompletedTask;
        }
    }

    /// <summary>The stream paused (socket closed): seal what is buffered so the uploader can send it.</summary>
    public void SealAll()
    {
        lock (_gate)
        {
            foreach (var branch in _branches)
            {
                branch.Seal();
            }
        }
    }

    public void Attach(BranchWriter writer, long recoveredHighestFrame)
    {
        lock (_gate)
        {
            HighestFrame = Math.Max(HighestFrame, recoveredHighestFrame);
            _branches.Add(writer);
        }
    }

    public bool Detach(string recordingSid)
    {
        lock (_gate)
        {
            var writer = _branches.Find(b => b.RecordingSid == recordingSid);
            if (writer is null)
            {
                return false;
            }

            writer.Dispose();
            _branches.Remove(writer);
            return true;
        }
    }

    public void DetachAll()
    {
        lock (_gate)
        {
            foreach (var branch in _branches)
            {
                branch.Dispose();
            }

            _branches.Clear();
        }
    }
}

/// <summary>The live legs of this process and where their buffers live.</summary>
internal sealed class MediaRuntime(IOptions<RegionsOptions> options, UploadSignal signal, ChunkSealer sealer, BufferLedger ledger) : IDisposable
{
    private readonly ConcurrentDictionary<string, LegRuntime> _legs = new(StringComparer.Ordinal);

    public string BufferRoot => sealer.Root;

    public LegRuntime For(string legSid) => _legs.GetOrAdd(legSid, sid => new LegRuntime(sid));

    public LegRuntime? Existing(string legSid) => _legs.GetValueOrDefault(legSid);

    public void Forget(string legSid) => _legs.TryRemove(legSid, out _);

    public string BranchFolder(string recordingSid) => Path.Combine(BufferRoot, recordingSid);

    /// <summary>Opens a branch's buffer (recovering what a crash left) and starts appending the leg's frames to it.</summary>
    public void AttachBranch(string legSid, string recordingSid, long ackedThroughFrame)
    {
        var folder = BranchFolder(recordingSid);
        var highest = BranchWriter.Recover(folder, ackedThroughFrame);
        ledger.Added(folder, ChunkFile.InFolder(folder).Count);
        For(legSid).Attach(new BranchWriter(recordingSid, folder, options.Value.FramesPerChunk, sealer), highest);
        signal.Wake();
    }

    public void Dispose()
    {
        foreach (var leg in _legs.Values)
        {
            leg.StopStreaming();
            leg.DetachAll();
        }
    }
}
