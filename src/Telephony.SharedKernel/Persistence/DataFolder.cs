namespace Telephony.SharedKernel.Persistence;

/// <summary>
/// The operator's data folder (<c>Telephony:DataPath</c>): SQLite files and the media store.
/// A relative path is taken from the working directory, as a command-line user expects.
/// </summary>
public sealed class DataFolder
{
    public DataFolder(string configuredPath)
    {
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(configuredPath) ? "data" : configuredPath);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string File(string name) => Path.Combine(Root, name);

    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
}
