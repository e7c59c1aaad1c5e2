namespace Telephony.Regions.Peer;

/// <summary>The other region did not answer (down, partitioned, timed out) after the resilience pipeline's retries.</summary>
internal sealed class PeerUnreachableException(string region, Exception inner)
    : Exception($"Region {region} is unreachable: {inner.Message}", inner)
{
    public string Region { get; } = region;
}
