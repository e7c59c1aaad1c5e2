namespace Telephony.Regions.Selection;

internal enum ResourceKind
{
    Recorder,
    Mixer,
    Streamer,
    Transcoder,
}

/// <summary>The words on the wire: resource kinds and the session requirements that need them.</summary>
internal static class Kinds
{
    public static readonly string[] Requirements = ["record", "conference", "stream", "transcode"];

    public static string Wire(this ResourceKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out ResourceKind kind) =>
        Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);

    public static ResourceKind? ForRequirement(string? requirement) => requirement?.ToLowerInvariant() switch
    {
        "record" => ResourceKind.Recorder,
        "conference" => ResourceKind.Mixer,
        "stream" => ResourceKind.Streamer,
        "transcode" => ResourceKind.Transcoder,
        _ => null,
    };

    public static string RequirementFor(ResourceKind kind) => kind switch
    {
        ResourceKind.Recorder => "record",
        ResourceKind.Mixer => "conference",
        ResourceKind.Streamer => "stream",
        _ => "transcode",
    };
}
