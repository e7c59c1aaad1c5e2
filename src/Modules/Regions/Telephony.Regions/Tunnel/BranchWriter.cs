using System.Buffers.Binary;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// Collects one recording branch's frames for its local durable buffer, in pooled buffers (a
/// frame allocates nothing). On a mark, the journal records since the last mark (frame number,
/// length, bytes) go to the sealer's thread, and the mark is answered once they are written;
/// every <c>FramesPerChunk</c> frames the chunk goes to be sealed into a chunk file and the
/// journal restarts. The sealer's thread flushes what it wrote to the disk every
/// <c>BufferSyncMs</c>; a journal left by a crash is sealed at start-up.
/// </summary>
internal sealed class BranchWriter : IDisposable
{
    private const int RecordHeaderBytes = 12;
    private readonly string _folder;
    private readonly int _framesPerChunk;
    private readonly ChunkSealer _io;
    private readonly PooledBytes _audio;
    private readonly PooledBytes _records;
    private long _firstFrame;
    private long _lastFrame;
    private int _frames;

    public BranchWriter(string recordingSid, string folder, int framesPerChunk, ChunkSealer io)
    {
        RecordingSid = recordingSid;
        _folder = Directory.CreateDirectory(folder).FullName;
        _framesPerChunk = framesPerChunk;
        _io = io;
        _audio = new PooledBytes(framesPerChunk * 160);
        _records = new PooledBytes(framesPerChunk * (RecordHeaderBytes + 160));
    }

    public const string SealingExtension = ".sealing";

    public string RecordingSid { get; }

    public void Append(long frame, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteInt64LittleEndian(header, frame);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payload.Length);
        _records.Write(header);
        _records.Write(payload);
        if (_frames == 0)
        {
            _firstFrame = frame;
        }

        _lastFrame = frame;
        _frames++;
        _audio.Write(payload);
        if (_frames >= _framesPerChunk)
        {
            Seal();
        }
    }

    /// <summary>
    /// Completes once everything appended so far is handed to the operating system (the answer
    /// to an endpoint's <c>mark</c>): it then survives this process stopping or crashing, and
    /// reaches the disk at the sealer's next periodic flush.
    /// </summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _io.Enqueue(new JournalAppend(_folder, _records.Length > 0 ? _records.Detach() : null, done));
        return done.Task;
    }

    /// <summary>Queues the frames since the last seal to become a chunk file (the journal's records of them are no longer needed).</summary>
    public void Seal()
    {
        if (_frames == 0)
        {
            return;
        }

        _records.Clear();
        _io.Enqueue(new SealJob(_folder, _firstFrame, _lastFrame, _audio.Detach()));
        _frames = 0;
    }

    public void Dispose()
    {
        Seal();
        _io.Enqueue(new CloseJournal(_folder));
        _audio.Release();
        _records.Release();
    }

    /// <summary>Segments set aside but not yet sealed into chunks: the branch is not drained while any remain.</summary>
    public static bool HasPendingSegments(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*" + SealingExtension).Any();

    /// <summary>
    /// Seals a journal a crash left behind (dropping a torn last record and frames a sealed chunk
    /// already holds) and returns the highest frame the branch holds or had acknowledged.
    /// </summary>
    public static long Recover(string folder, long ackedThroughFrame)
    {
        var highest = ackedThroughFrame;
        foreach (var chunk in ChunkFile.InFolder(folder))
        {
            highest = Math.Max(highest, chunk.LastFrame);
        }

        foreach (var aside in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.tmp") : [])
        {
            File.Delete(aside);
        }

        var segments = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*" + SealingExtension).Order(StringComparer.Ordinal).Append(Path.Combine(folder, "journal")).Where(File.Exists).ToList()
            : [];
        foreach (var segment in segments)
        {
            highest = SealSegment(folder, segment, highest);
            File.Delete(segment);
        }

        return highest;
    }

    /// <summary>Reads a journal segment up to a torn last record, keeps frames past <paramref name="highest"/>, writes them as a chunk.</summary>
    private static long SealSegment(string folder, string segment, long highest)
    {
        var bytes = File.ReadAllBytes(segment);
        using var audio = new MemoryStream();
        long first = 0, last = 0;
        var position = 0;
        while (position + 12 <= bytes.Length)
        {
            var frame = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 8));
            if (length < 0 || position + 12 + length > bytes.Length)
            {
                break;
            }

            if (frame > highest)
            {
                first = first == 0 ? frame : first;
                last = frame;
                highest = frame;
                audio.Write(bytes, position + 12, length);
            }

            position += 12 + length;
        }

        if (audio.Length > 0)
        {
            ChunkFile.Write(folder, first, last, audio.GetBuffer().AsSpan(0, (int)audio.Length));
        }

        return highest;
    }
}
