using System.Globalization;
using System.Security.Cryptography;

namespace Telephony.Regions.Tunnel;

/// <summary>
/// A sealed chunk of a recording branch: the audio of consecutive frames, named
/// <c>{firstFrame}-{lastFrame}-{sha256}.chunk</c>. It appears whole (written aside, flushed,
/// renamed) and is deleted only after the far side acknowledged it.
/// </summary>
internal sealed record ChunkFile(string Path, long FirstFrame, long LastFrame, string Sha256Hex)
{
    public const string Extension = ".chunk";

    /// <summary>Added to the name of a chunk whose bytes no longer match its checksum: it is set aside, never sent or deleted.</summary>
    public const string DamagedSuffix = ".corrupt";

    public static string NameFor(long first, long last, string sha) =>
        string.Create(CultureInfo.InvariantCulture, $"{first:D12}-{last:D12}-{sha}{Extension}");

    public static ChunkFile? Parse(string path)
    {
        var parts = System.IO.Path.GetFileNameWithoutExtension(path).Split('-');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && parts[2].Length == 64
            ? new ChunkFile(path, first, last, parts[2])
            : null;
    }

    /// <summary>The sealed chunks of a branch folder, in frame order.</summary>
    public static List<ChunkFile> InFolder(string folder) => !Directory.Exists(folder)
        ? []
        : Directory.EnumerateFiles(folder, "*" + Extension).Select(Parse).OfType<ChunkFile>().OrderBy(c => c.FirstFrame).ToList();

    /// <summary>The audio's length on disk (a file system call: a chunk's name says its frames, not its bytes).</summary>
    public int LengthOnDisk() => (int)new FileInfo(Path).Length;

    /// <summary>
    /// Reads the audio into <paramref name="into"/> (its length on disk); false when the file is not
    /// that long any more or its bytes no longer match the checksum in its name.
    /// </summary>
    public async Task<bool> ReadVerifiedAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(Path);
        var read = 0;
        while (read < into.Length)
        {
            var more = await RandomAccess.ReadAsync(file, into[read..], read, cancellationToken);
            if (more == 0)
            {
                return false;
            }

            read += more;
        }

        return RandomAccess.GetLength(file) == into.Length && Convert.ToHexStringLower(SHA256.HashData(into.Span)) == Sha256Hex;
    }

    /// <summary>Whether the file's bytes still match the checksum in its name.</summary>
    public bool Verifies()
    {
        using var file = File.OpenRead(Path);
        return Convert.ToHexStringLower(SHA256.HashData(file)) == Sha256Hex;
    }

    /// <param name="flushToDisk">
    /// False on the live path: the chunk is handed to the operating system, which survives a crash
    /// of this process; one fsync per chunk per stream is what the disk could not sustain.
    /// </param>
    public static ChunkFile Write(string folder, long first, long last, ReadOnlySpan<byte> audio, bool flushToDisk = true)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(audio));
        var final = System.IO.Path.Combine(folder, NameFor(first, last, sha));
        var aside = final + ".tmp";
        using (var file = File.OpenHandle(aside, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(file, audio, 0);
            if (flushToDisk)
            {
                RandomAccess.FlushToDisk(file);
            }
        }

        File.Move(aside, final, overwrite: true);
        return new ChunkFile(final, first, last, sha);
    }
}
