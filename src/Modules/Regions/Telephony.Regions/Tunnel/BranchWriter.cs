using System.Buffers.Binary;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// Appends one recording branch's frames to its local durable buffer. Each frame goes to a
/// journal (frame number, length, bytes) as it arrives; every <c>FramesPerChunk</c> frames the
/// chunk is sealed into a chunk file and the journal restarts. A journal left by a crash is
/// sealed at start-up, so what was written survives a restart of this process.
/// </summary>
internal sealed class BranchWriter : IDisposable
{
    private const string JournalName = "journal";
    private readonly string _folder;
    private readonly int _framesPerChunk;
    private readonly Action _sealed;
    private readonly MemoryStream _audio = new();
    private readonly FileStream _journal;
    private long _firstFrame;
    private long _lastFrame;
    private int _frames;

    public BranchWriter(string recordingSid, string folder, int framesPerChunk, Action onSealed)
    {
        RecordingSid = recordingSid;
        _folder = Directory.CreateDirectory(folder).FullName;
        _framesPerChunk = framesPerChunk;
        _sealed = onSealed;
        _journal = new FileStream(Path.Combine(_folder, JournalName), FileMode.Append, FileAccess.Write, FileShare.Read, 16 * 1024);
    }

    public string RecordingSid { get; }

    public void Append(long frame, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(header, frame);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payload.Length);
        _journal.Write(header);
        _journal.Write(payload);
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

    /// <summary>Makes everything appended so far durable (the answer to an endpoint's <c>mark</c>).</summary>
    public void Flush() => _journal.Flush(flushToDisk: true);

    public void Seal()
    {
        if (_frames == 0)
        {
            return;
        }

        ChunkFile.Write(_folder, _firstFrame, _lastFrame, _audio.GetBuffer().AsSpan(0, (int)_audio.Length));
        _journal.SetLength(0);
        _journal.Flush(flushToDisk: true);
        _audio.SetLength(0);
        _frames = 0;
        _sealed();
    }

    public void Dispose()
    {
        Seal();
        _journal.Dispose();
        _audio.Dispose();
    }

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

        var journal = Path.Combine(folder, JournalName);
        if (!File.Exists(journal))
        {
            return highest;
        }

        var bytes = File.ReadAllBytes(journal);
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

        File.Delete(journal);
        return highest;
    }
}
