using System.Globalization;
using Telephony.Regions.Catalog;

namespace Telephony.Regions.Selection;

/// <summary>One resource as the selector sees it: where it is, how full, whether it may take work.</summary>
internal readonly record struct Candidate(string Sid, string Region, ResourceKind Kind, int Capacity, int Used, bool Healthy, bool Draining)
{
    public int Free => Math.Max(0, Capacity - Used);
}

internal sealed record Selection(Candidate? Chosen, int LatencyMs, string Explain);

/// <summary>
/// Picks a resource for a session's media region: healthy, not draining, with free capacity; in
/// the media region first, then its region group, then the region with the lowest latency
/// figure, then the least loaded (ties by sid, so a decision can be replayed). One pass, no
/// sorting: the best candidate is kept as the list is read.
/// </summary>
internal sealed class ResourceSelector(RegionCatalog catalog)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, (int Tier, int Latency)>> _fromRegion = new(StringComparer.Ordinal);

    public Selection Select(string mediaRegion, ResourceKind kind, IReadOnlyList<Candidate> candidates, IReadOnlyCollection<string>? exclude = null, IReadOnlyCollection<string>? unreachableRegions = null)
    {
        // Tier and latency depend only on the two regions: computed once per media region, not per candidate.
        var ranks = _fromRegion.GetOrAdd(mediaRegion, Ranks);
        Candidate? best = null;
        (int Tier, int Latency, double Load) bestKey = default;
        int unhealthy = 0, draining = 0, full = 0, excluded = 0, considered = 0;
        foreach (var candidate in candidates)
        {
            if (candidate.Kind != kind)
            {
                continue;
            }

            considered++;
            if (exclude is not null && exclude.Contains(candidate.Sid))
            {
                excluded++;
                continue;
            }

            if (!candidate.Healthy)
            {
                unhealthy++;
                continue;
            }

            if (candidate.Draining)
            {
                draining++;
                continue;
            }

            if (candidate.Free <= 0)
            {
                full++;
                continue;
            }

            var (tier, latency) = ranks.TryGetValue(candidate.Region, out var rank) ? rank : (2, int.MaxValue);
            var key = (tier, latency, (double)candidate.Used / candidate.Capacity);
            if (best is null || Better(key, candidate, bestKey, best.Value))
            {
                best = candidate;
                bestKey = key;
            }
        }

        var skipped = Skipped(unhealthy, draining, full, excluded, unreachableRegions);
        if (best is not { } chosen)
        {
            return new Selection(null, 0, string.Create(CultureInfo.InvariantCulture,
                $"No {kind.Wire()} can take the session: {considered} known, none healthy, not draining and with free capacity ({skipped})."));
        }

        var why = bestKey.Tier switch
        {
            0 => $"in the media region {mediaRegion}",
            1 => $"in {chosen.Region}, the media region's group, because {mediaRegion} has none free",
            _ => $"in {chosen.Region}, the lowest latency figure from {mediaRegion} ({bestKey.Latency} ms) among regions with one free",
        };
        return new Selection(chosen, bestKey.Latency, string.Create(CultureInfo.InvariantCulture,
            $"{kind.Wire()} {chosen.Sid} {why}; least loaded there ({chosen.Used}/{chosen.Capacity} used); skipped: {skipped}."));
    }

    private Dictionary<string, (int Tier, int Latency)> Ranks(string mediaRegion) => catalog.All.ToDictionary(
        region => region.Id,
        region => (region.Id == mediaRegion ? 0 : catalog.SameGroup(mediaRegion, region.Id) ? 1 : 2, catalog.LatencyMs(mediaRegion, region.Id)),
        StringComparer.Ordinal);

    private static bool Better((int Tier, int Latency, double Load) key, Candidate candidate, (int Tier, int Latency, double Load) bestKey, Candidate best)
    {
        if (key.Tier != bestKey.Tier)
        {
            return key.Tier < bestKey.Tier;
        }

        if (key.Latency != bestKey.Latency)
        {
            return key.Latency < bestKey.Latency;
        }

        if (key.Load != bestKey.Load)
        {
            return key.Load < bestKey.Load;
        }

        return string.CompareOrdinal(candidate.Sid, best.Sid) < 0;
    }

    private static string Skipped(int unhealthy, int draining, int full, int excluded, IReadOnlyCollection<string>? unreachable)
    {
        var parts = new List<string>(5);
        if (unhealthy > 0)
        {
            parts.Add($"{unhealthy} unhealthy");
        }

        if (draining > 0)
        {
            parts.Add($"{draining} draining");
        }

        if (full > 0)
        {
            parts.Add($"{full} full");
        }

        if (excluded > 0)
        {
            parts.Add($"{excluded} failed over from");
        }

        if (unreachable is { Count: > 0 })
        {
            parts.Add($"regions unreachable: {string.Join(", ", unreachable)}");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
