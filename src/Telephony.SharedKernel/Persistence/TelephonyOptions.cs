namespace Telephony.SharedKernel.Persistence;

/// <summary>The host's own settings (section <c>Telephony</c>).</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    /// <summary>Where SQLite files and the media store live.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Largest request body accepted, in bytes (workflow configurations need about 1 MB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;
}
