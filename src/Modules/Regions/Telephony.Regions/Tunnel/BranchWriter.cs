using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// Collects one recording branch's frames for its local durable buffer, in pooled buffers (a
/// frame allocates nothing). On a mark, the journal records since the last mark (frame number,
/// length, bytes) are appended to the branch's current journal, on the calling thread, and the
/// mark is answered once they are written: an append to an open file is a few microseconds,
/// while handing it to another thread and back cost the answer two thread wake-ups, which on a
/// busy host were milliseconds (docs/benchmarks-regions.md). Every <c>FramesPerChunk</c> frames
/// the chunk goes to its seal lane to become a chunk file, and the branch moves to its other
/// journal if the chunk holding that journal's frames has been written. A journal whose frames
/// are not all in chunks yet keeps the branch on the journal it is on (the chunk after grows
/// until it is). Moving to a journal costs nothing: it is written from its start again, over
/// its old records, and each life of a journal stamps its records with a new epoch (as SQLite's
/// write-ahead log salts its frames), so recovery reads the first record's epoch and stops at the
/// first record of another epoch or with a bad CRC-32 (a torn write). The sealer flushes what was
/// written to the disk every <c>BufferSyncMs</c>; journals left by a crash are sealed at start-up.
/// A chunk also ends at <see cref="MaxChunkBytes"/>, so that one append to the far side carries it.
/// When a write fails, no frame is ever vouched for that is in neither a journal nor a written
/// chunk: records a mark could not write stay to be written by the next one; frames whose records
/// a seal could not write make the next marks wait for their chunk, and if that chunk cannot be
/// written either, marks stay unanswered until the endpoint, resuming after its last answered
/// mark, has sent those frames again (<see cref="Refill"/>); once a chunk of the branch cannot be
/// written, no journal is written over again and the branch's frames stay in its journals, which
/// the uploader seals when the branch closes (<see cref="ChunkSealer"/>).
/// Not thread-safe: its leg calls it under the leg's lock.
/// </summary>
internal sealed class BranchWriter : IDisposable
{
    public const string JournalPrefix = "journal";

    /// <summary>Well under the 1 MB the far side takes in one append, whatever the frames' size.</summary>
    public const int MaxChunkBytes = 256 * 1024;

    /// <summary>Frame number (8 bytes), payload length (4), the journal's epoch (4), CRC-32 of those and the payload (4).</summary>
    private const int RecordHeaderBytes = 20;
    private readonly string _folder;
    private readonly int _framesPerChunk;
    private readonly ChunkSealer _sealer;
    private readonly PooledBytes _audio;
    private readonly PooledBytes _records;
    private readonly Journal[] _journals;
    private long _firstFrame;
    private long _lastFrame;
    private int _frames;
    private int _chunkFrames;
    private readonly Crc32 _crc = new();
    private int _current;

    /// <summary>
    /// Completes once every frame in the journal the branch is not on is in a written chunk; fails
    /// when a chunk of the branch could not be written (that journal is then kept for good).
    /// </summary>
    private Task _otherJournalFree = Task.CompletedTask;

    /// <summary>The chunk a mark waits for: set when a seal could not write its frames' records to the journal.</summary>
    private Task _unjournaledChunk = Task.CompletedTask;

    /// <summary>The lowest and highest frame among the records not yet journaled.</summary>
    private long _recordsFrom = long.MaxValue;
    private long _recordsTo;

    /// <summary>While <see cref="_unjournaledChunk"/> has failed: the frames lost end at <see cref="_lostTo"/>, and were sent again through <see cref="_refilledThrough"/>.</summary>
    private long _lostTo;
    private long _refilledThrough;

    public BranchWriter(string recordingSid, string folder, int framesPerChunk, ChunkSealer sealer)
    {
        RecordingSid = recordingSid;
        _folder = Directory.CreateDirectory(folder).FullName;
        _framesPerChunk = framesPerChunk;

        // Streams that start together (a restart re-attaching every branch, a bench, a big
        // conference) would seal in step forever: a first chunk of random length spreads their file work.
        _chunkFrames = Random.Shared.Next(Math.Max(1, framesPerChunk / 2), framesPerChunk + 1);
        _sealer = sealer;
        _audio = new PooledBytes(framesPerChunk * 160);
        _records = new PooledBytes(framesPerChunk * (RecordHeaderBytes + 160));
        _journals = [new Journal(JournalPath(_folder, 0), epoch: 1), new Journal(JournalPath(_folder, 1), epoch: 0)];
    }

    public string RecordingSid { get; }

    public static string JournalPath(string folder, int journal) => Path.Combine(folder, $"{JournalPrefix}-{journal}");

    public static bool HasJournals(string folder) => File.Exists(JournalPath(folder, 0)) || File.Exists(JournalPath(folder, 1));

    public void Append(long frame, ReadOnlySpan<byte> payload)
    {
        AddRecord(frame, payload);
        if (_frames == 0)
        {
            _firstFrame = frame;
        }

        _lastFrame = frame;
        _frames++;
        _audio.Write(payload);
        if ((_frames >= _chunkFrames && _otherJournalFree.IsCompleted) || _audio.Length >= MaxChunkBytes)
        {
            Seal();
        }
    }

    /// <summary>
    /// A frame the leg already had, sent again by an endpoint resuming after its last answered mark:
    /// taken (into the journal only: no chunk of this branch is written any more) when it is the next
    /// of the frames a failed write lost.
    /// </summary>
    public void Refill(long frame, ReadOnlySpan<byte> payload)
    {
        if (_unjournaledChunk.IsFaulted && frame == _refilledThrough + 1 && frame <= _lostTo)
        {
            AddRecord(frame, payload);
            _refilledThrough = frame;
        }
    }

    private void AddRecord(long frame, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteInt64LittleEndian(header, frame);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], _journals[_current].Epoch);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Checksum(_crc, header[..16], payload));
        _records.Write(header);
        _records.Write(payload);
        _recordsFrom = Math.Min(_recordsFrom, frame);
        _recordsTo = Math.Max(_recordsTo, frame);
    }

    /// <summary>
    /// The answer to an endpoint's <c>mark</c>: writes everything appended so far to the current
    /// journal, where it survives this process stopping or crashing (and reaches the disk at the
    /// sealer's next periodic flush), and returns what must still complete before the mark may be
    /// answered: nothing, unless a seal could not journal its frames and their chunk is not written
    /// yet. Throws <see cref="IOException"/> (or <see cref="UnauthorizedAccessException"/>) when the
    /// journal cannot be written, and the returned task fails when that chunk cannot be and the
    /// frames it held have not all been sent again: the frames before the mark are then not safe,
    /// and the mark is not answered.
    /// </summary>
    public Task Mark()
    {
        Flush();
        if (_unjournaledChunk.IsFaulted && _refilledThrough >= _lostTo)
        {
            _unjournaledChunk = Task.CompletedTask;
        }

        return _unjournaledChunk;
    }

    /// <summary>Records not written stay, to be written by the next flush (the journal's position moves only past a whole write).</summary>
    private void Flush()
    {
        if (_records.Length == 0)
        {
            return;
        }

        var journal = _journals[_current];
        journal.Append(_records.Span);
        ClearRecords();
        _sealer.Written(journal.Path);
    }

    private void ClearRecords()
    {
        _records.Clear();
        _recordsFrom = long.MaxValue;
        _recordsTo = 0;
    }

    /// <summary>
    /// Writes the records not yet journaled; if that fails, they are dropped and their frames count
    /// as lost until a chunk holding them is written or the endpoint sends them again.
    /// </summary>
    private bool TryFlush()
    {
        try
        {
            Flush();
            return true;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            _sealer.JournalFailed(_folder, failure);
            var earlierLoss = !_unjournaledChunk.IsCompletedSuccessfully;
            _lostTo = earlierLoss ? Math.Max(_lostTo, _recordsTo) : _recordsTo;
            _refilledThrough = earlierLoss ? Math.Min(_refilledThrough, _recordsFrom - 1) : _recordsFrom - 1;
            ClearRecords();
            return false;
        }
    }

    /// <summary>
    /// Queues the frames since the last seal to become a chunk file. Their records not yet in the
    /// journal go there first (the journal holds every frame until its chunk is written); the branch
    /// then moves to its other journal if every frame of that one is in a written chunk.
    /// </summary>
    public void Seal()
    {
        var journaled = TryFlush();
        if (_frames == 0)
        {
            return;
        }

        var switching = _otherJournalFree.IsCompletedSuccessfully;
        var chunkWritten = switching || !journaled ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        if (switching)
        {
            _otherJournalFree = chunkWritten!.Task;
            _current = 1 - _current;
            _journals[_current].Restart();
        }

        if (!journaled)
        {
            // The frames' only copy will be their chunk: marks wait for it.
            _unjournaledChunk = chunkWritten!.Task;
        }

        _sealer.Enqueue(new SealJob(_folder, _firstFrame, _lastFrame, _audio.Detach(), chunkWritten));

        _frames = 0;
        _chunkFrames = _framesPerChunk;
    }

    public void Dispose()
    {
        Seal();
        foreach (var journal in _journals)
        {
            journal.Close();
        }

        _sealer.Enqueue(new CloseBranch(_folder));
        _audio.Release();
        _records.Release();
    }

    /// <summary>
    /// Seals the journals a crash (or a failed chunk write) left behind, in chunks of at most
    /// <see cref="MaxChunkBytes"/>, dropping a torn last record and frames a sealed chunk already
    /// holds or the far side acknowledged, and returns the highest frame the branch holds or had acknowledged.
    /// </summary>
    public static long Recover(string folder, long ackedThroughFrame)
    {
        if (!Directory.Exists(folder))
        {
            return ackedThroughFrame;
        }

        foreach (var aside in Directory.GetFiles(folder, "*.tmp"))
        {
            File.Delete(aside);
        }

        var journals = Directory.GetFiles(folder, JournalPrefix + "*");
        var journaled = journals.SelectMany(ReadJournal).Where(f => f.Frame > ackedThroughFrame).DistinctBy(f => f.Frame).OrderBy(f => f.Frame).ToList();

        // A live chunk is renamed into place without a flush of its own: a power cut can keep the
        // rename and lose the bytes. So a chunk holding frames a journal also holds is trusted only
        // if its bytes match its name; one that does not is set aside (as the uploader would) and its
        // frames come from the journal. Chunks older than the journals are not read: nothing could
        // replace them, and the uploader checks every chunk it sends.
        var chunks = new List<ChunkFile>();
        foreach (var chunk in ChunkFile.InFolder(folder))
        {
            if (journaled.Count > 0 && chunk.LastFrame > ackedThroughFrame && chunk.LastFrame >= journaled[0].Frame && !chunk.Verifies())
            {
                File.Move(chunk.Path, chunk.Path + ChunkFile.DamagedSuffix, overwrite: true);
                continue;
            }

            chunks.Add(chunk);
        }

        var highest = chunks.Select(c => c.LastFrame).Append(ackedThroughFrame).Max();
        var frames = journaled.Where(f => !chunks.Exists(c => c.FirstFrame <= f.Frame && f.Frame <= c.LastFrame)).ToList();
        for (var first = 0; first < frames.Count;)
        {
            // A recovered chunk never spans a chunk on disk: the chunks go home in the order of their first frames.
            var (last, bytes) = (first, frames[first].Audio.Length);
            while (last + 1 < frames.Count && bytes + frames[last + 1].Audio.Length <= MaxChunkBytes
                && !chunks.Exists(c => c.FirstFrame > frames[last].Frame && c.FirstFrame < frames[last + 1].Frame))
            {
                bytes += frames[++last].Audio.Length;
            }

            var audio = frames[first..(last + 1)].SelectMany(f => f.Audio).ToArray();
            ChunkFile.Write(folder, frames[first].Frame, frames[last].Frame, audio);
            highest = Math.Max(highest, frames[last].Frame);
            first = last + 1;
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

    /// <summary>One of the branch's two journal files, opened at its first append and written at its position.</summary>
    private sealed class Journal(string path, int epoch)
    {
        private SafeFileHandle? _handle;
        private long _position;

        public string Path { get; } = path;

        public int Epoch { get; private set; } = epoch;

        public void Append(ReadOnlySpan<byte> records)
        {
            _handle ??= File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            RandomAccess.Write(_handle, records, _position);
            _position += records.Length;
        }

        /// <summary>A new life: records from the start again, under a new epoch.</summary>
        public void Restart()
        {
            _position = 0;
            Epoch++;
        }

        public void Close() => _handle?.Dispose();
    }
}
