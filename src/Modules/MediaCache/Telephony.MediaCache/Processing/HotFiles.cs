using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Telephony.MediaCache.Processing;

/// <summary>A processed file held in memory, with the time it was written (its Last-Modified).</summary>
internal sealed record HotFile(byte[] Bytes, DateTimeOffset LastModified);

/// <summary>
/// Small processed files kept in memory, so a cache hit is one write to the socket instead of
/// opening and reading a file through the thread pool. Safe because a content address never
/// changes its bytes; bounded by <c>MediaCache:MemoryBytes</c> (least recently used leave first)
/// and by <c>MediaCache:MemoryFileBytes</c> per file.
/// </summary>
internal sealed class HotFiles : IDisposable
{
    private readonly MemoryCache _files;
    private readonly long _maxFileBytes;

    public HotFiles(IOptions<MediaCacheOptions> options)
    {
        _maxFileBytes = options.Value.MemoryFileBytes;
        _files = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.MemoryBytes) });
    }

    public bool Enabled => _maxFileBytes > 0;

    public bool TryGet(string path, out HotFile file) => _files.TryGetValue(path, out file!);

    /// <summary>Reads a file small enough to keep; null when it is too large or gone.</summary>
    public async Task<HotFile?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!Enabled || !info.Exists || info.Length > _maxFileBytes)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var file = new HotFile(bytes, info.LastWriteTimeUtc);
        _files.Set(path, file, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });
        if (!File.Exists(path))
        {
            // Deleted while it was read: the delete may have run before the entry existed.
            _files.Remove(path);
        }

        return file;
    }

    public void Forget(string path) => _files.Remove(path);

    public void Dispose() => _files.Dispose();
}
