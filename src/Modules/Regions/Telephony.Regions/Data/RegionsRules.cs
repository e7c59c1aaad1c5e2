namespace Telephony.Regions.Data;

internal static class RegionsRules
{
    public const int MaxFriendlyNameLength = 64;
    public const int MaxRegionLength = 32;
    public const int MaxCapacity = 100_000;

    /// <summary>A media message's payload, decoded; Twilio sends 160 bytes per 20 ms frame.</summary>
    public const int MaxFramePayloadBytes = 8_000;

    /// <summary>Largest chunk one append may carry (a chunk is about one second, 8 KB).</summary>
    public const int MaxAppendBytes = 1024 * 1024;
}
