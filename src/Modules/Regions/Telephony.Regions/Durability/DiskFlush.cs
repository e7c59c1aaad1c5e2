using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Telephony.Regions.Durability;

/// <summary>
/// Makes many files durable at once. On Linux one <c>syncfs</c> flushes the whole file system
/// holding a folder (one call however many files a batch touched; PostgreSQL offers the same
/// for its start-up sync), so a group of appends or chunks costs one disk flush rather than one
/// per file. Elsewhere, or if <c>syncfs</c> is refused, every file is fsynced in turn.
/// </summary>
internal static partial class DiskFlush
{
    private const string AnchorName = ".sync-anchor";

    /// <summary>Flushes <paramref name="files"/> (all inside <paramref name="folder"/>'s file system) to the disk.</summary>
    public static void Flush(string folder, IEnumerable<string> files)
    {
        if (OperatingSystem.IsLinux() && TrySyncFileSystem(folder))
        {
            return;
        }

        foreach (var path in files)
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                RandomAccess.FlushToDisk(handle);
            }
            catch (FileNotFoundException)
            {
                // Gone already (uploaded and deleted): nothing left to make durable.
            }
            catch (DirectoryNotFoundException)
            {
                // The branch's folder went with its last chunk.
            }
        }
    }

    private static bool TrySyncFileSystem(string folder)
    {
        using SafeFileHandle anchor = File.OpenHandle(Path.Combine(folder, AnchorName), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return SyncFileSystem((int)anchor.DangerousGetHandle()) == 0;
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFileSystem(int fileDescriptor);
}
