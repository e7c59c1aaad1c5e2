using System.Security.Cryptography;
using Telephony.SharedKernel.Persistence;

namespace Telephony.MediaCache.Processing;

/// <summary>
/// Processed files under <c>media/</c> in the data folder, named by the SHA-256 of their bytes.
/// Everything is written under <c>media/tmp</c> first and renamed into place, so a reader never
/// sees a half-written file and a crash leaves only temp files (cleared at start-up).
/// </summary>
internal sealed class MediaStore
{
    private readonly HotFiles _hot;

    public MediaStore(DataFolder data, HotFiles hot)
    {
        _hot = hot;
        Root = data.Folder("media");
        Temp = data.Folder(Path.Combine("media", "tmp"));
    }

    public string Root { get; }

    public string Temp { get; }

    public string NewTempPath(string extension) => Path.Combine(Temp, $"{Guid.NewGuid():N}.{extension}");

    public string PathFor(string sha256, string extension) => Path.Combine(Root, sha256[..2], $"{sha256}.{extension}");

    public bool Exists(string sha256, string extension) => File.Exists(PathFor(sha256, extension));

    /// <summary>Hashes a finished temp file and renames it to its content address.</summary>
    public async Task<(string Sha256, long SizeBytes)> PublishAsync(string tempPath, string extension, CancellationToken cancellationToken)
    {
        string sha;
        await using (var stream = File.OpenRead(tempPath))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        var size = new FileInfo(tempPath).Length;
        var target = PathFor(sha, extension);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            // Same bytes already published (identical content from another URL or account).
            File.Delete(tempPath);
        }
        else
        {
            File.Move(tempPath, target, overwrite: true);
        }

        return (sha, size);
    }

    public void Delete(string sha256, string extension)
    {
        var path = PathFor(sha256, extension);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        // After the delete: a concurrent load either sees the file gone or is forgotten here.
        _hot.Forget(path);
    }

    public static void DeleteQuietly(string? path)
    {
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Temp files left by a crash are never published; remove them.</summary>
    public void ClearTemp()
    {
        foreach (var file in Directory.EnumerateFiles(Temp))
        {
            DeleteQuietly(file);
        }
    }
}
