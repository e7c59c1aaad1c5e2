using System.Buffers.Binary;
using System.IO.Hashing;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// Collects one recording branch's frames for its local durable buffer, in pooled buffers (a
/// frame allocates nothing). On a mark, the journal records since the last mark (frame number,
/// length, bytes) go to the branch's journal lane, and the mark is answered once they are
/// written; every <c>FramesPerChunk</c> frames the chunk goes to its seal lane to become a chunk
/// file, and the branch moves to its other journal, which its seal lane empties once the chunk
/// holding its frames is written. A journal not yet emptied keeps the branch on the journal it
/// is on (the chunk after grows until it is). Emptying a journal costs nothing: its lane writes
/// from the start again, over the old records, and each life of a journal stamps its records
/// with a new epoch (as SQLite's write-ahead log salts its frames), so recovery reads the first
/// record's epoch and stops at the first record of another epoch or with a bad CRC-32 (a torn
/// write). Truncating the file instead cost milliseconds of file system work in the lane that
/// answers marks. The sealer's threads flush what they wrote to the disk every
/// <c>BufferSyncMs</c>; journals left by a crash are sealed at start-up.
/// </summary>
internal sealed class BranchWriter : IDisposable
{
    /// <summary>Frame number (8 bytes), payload length (4), the journal's epoch (4), CRC-32 of those and the payload (4).</summary>
    private const int RecordHeaderBytes = 20;
    private readonly string _folder;
    private readonly int _framesPerChunk;
    private readonly ChunkSealer _io;
    private readonly PooledBytes _audio;
    private readonly PooledBytes _records;
    private long _firstFrame;
    private long _lastFrame;
    private int _frames;
    private int _chunkFrames;
    private readonly int[] _epochs = [1, 0];
    private readonly Crc32 _crc = new();
    private int _journal;
    private Task _otherJournalCleared = Task.CompletedTask;

    public BranchWriter(string recordingSid, string folder, int framesPerChunk, ChunkSealer io)
    {
        RecordingSid = recordingSid;
        _folder = Directory.CreateDirectory(folder).FullName;
        _framesPerChunk = framesPerChunk;

        // Streams that start together (a restart re-attaching every branch, a bench, a big
        // conference) would seal in step forever: a first chunk of random length spreads their file work.
        _chunkFrames = Random.Shared.Next(Math.Max(1, framesPerChunk / 2), framesPerChunk + 1);
        _io = io;
        _audio = new PooledBytes(framesPerChunk * 160);
        _records = new PooledBytes(framesPerChunk * (RecordHeaderBytes + 160));
    }

    public string RecordingSid { get; }

    public void Append(long frame, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteInt64LittleEndian(header, frame);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], _epochs[_journal]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Checksum(_crc, header[..16], payload));
        _records.Write(header);
        _records.Write(payload);
        if (_frames == 0)
        {
            _firstFrame = frame;
        }

        _lastFrame = frame;
        _frames++;
        _audio.Write(payload);
        if (_frames >= _chunkFrames && _otherJournalCleared.IsCompletedSuccessfully)
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
        _io.Enqueue(new JournalAppend(_folder, _journal, _records.Length > 0 ? _records.Detach() : null, done));
        return done.Task;
    }

    /// <summary>
    /// Queues the frames since the last seal to become a chunk file. Their records not yet in the
    /// journal go there first (the journal holds every frame until its chunk is written); the branch
    /// then moves to its other journal if that one has been emptied.
    /// </summary>
    public void Seal()
    {
        if (_frames == 0)
        {
            return;
        }

        if (_records.Length > 0)
        {
            _io.Enqueue(new JournalAppend(_folder, _journal, _records.Detach(), null));
        }

        JournalClear? clearLeft = null;
        if (_otherJournalCleared.IsCompletedSuccessfully)
        {
            clearLeft = new JournalClear(_folder, _journal, new TaskCompletionSource());
            _otherJournalCleared = clearLeft.Cleared.Task;
            _journal = 1 - _journal;
            _epochs[_journal]++;
        }

        _io.Enqueue(new SealJob(_folder, _firstFrame, _lastFrame, _audio.Detach(), clearLeft));

        _frames = 0;
        _chunkFrames = _framesPerChunk;
    }

    public void Dispose()
    {
        Seal();
        _io.Enqueue(new CloseBranch(_folder));
        _audio.Release();
        _records.Release();
    }

    /// <summary>
    /// Seals the journals a crash left behind (dropping a torn last record and frames a sealed
    /// chunk already holds) and returns the highest frame the branch holds or had acknowledged.
    /// </summary>
    public static long Recover(string folder, long ackedThroughFrame)
    {
        var highest = ackedThroughFrame;
        foreach (var chunk in ChunkFile.InFolder(folder))
        {
            highest = Math.Max(highest, chunk.LastFrame);
        }

        if (!Directory.Exists(folder))
        {
            return highest;
        }

        foreach (var aside in Directory.GetFiles(folder, "*.tmp"))
        {
            File.Delete(aside);
        }

        var journals = Directory.GetFiles(folder, ChunkSealer.JournalPrefix + "*");
        var frames = journals.SelectMany(ReadJournal).Where(f => f.Frame > highest).DistinctBy(f => f.Frame).OrderBy(f => f.Frame).ToList();
        if (frames.Count > 0)
        {
            var audio = frames.SelectMany(f => f.Audio).ToArray();
            ChunkFile.Write(folder, frames[0].Frame, frames[^1].Frame, audio);
            highest = frames[^1].Frame;
        }

        foreach (var journal in journals)
        {
            File.Delete(journal);
        }

        return highest;
    }

    /// <summary>A journal's records of its last life: up to a record of another epoch, torn or failing its checksum.</summary>
    private static IEnumerable<(long Frame, byte[] Audio)> ReadJournal(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var crc = new Crc32();
        var position = 0;
        int? epoch = null;
        while (position + RecordHeaderBytes <= bytes.Length)
        {
            var header = bytes.AsSpan(position, RecordHeaderBytes);
            var frame = BinaryPrimitives.ReadInt64LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var recordEpoch = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            if (length < 0 || length > bytes.Length - position - RecordHeaderBytes || recordEpoch != (epoch ??= recordEpoch))
            {
                yield break;
            }

            var payload = bytes.AsSpan(position + RecordHeaderBytes, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Checksum(crc, header[..16], payload))
            {
                yield break;
            }

            yield return (frame, payload.ToArray());
            position += RecordHeaderBytes + length;
        }
    }

    private static uint Checksum(Crc32 crc, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        crc.Reset();
        crc.Append(header);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}
