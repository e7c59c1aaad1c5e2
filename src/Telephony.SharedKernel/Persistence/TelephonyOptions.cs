using System.ComponentModel.DataAnnotations;

namespace Telephony.SharedKernel.Persistence;

/// <summary>The host's own settings (section <c>Telephony</c>).</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    /// <summary>Where SQLite files and the media store live.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Largest request body accepted, in bytes (workflow configurations need about 1 MB).</summary>
    [Range(typeof(long), "1024", "1073741824")]
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// A connection's request code runs on the thread that read its bytes, not after a hand-off to
    /// another thread-pool thread (Kestrel's <c>UnsafePreferInlineScheduling</c>; the runtime still
    /// completes socket reads on thread-pool threads, so no request ever runs on the socket engine's
    /// own thread). Each media stream message skips a thread wake-up: at 500 streams the mark round
    /// trip's p99 fell in each of three interleaved pairs; the TaskRouter benchmark did not change
    /// (docs/benchmarks-regions.md).
    /// </summary>
    public bool InlineRequestScheduling { get; set; } = true;
}
