using Microsoft.Extensions.Options;

namespace Telephony.Regions.Catalog;

internal sealed record Region(string Id, Uri? BaseUrl, double Latitude, double Longitude, string? Group);

/// <summary>
/// The regions this process knows, its own among them, the latency figure between any two and
/// the edge-to-region map. Without a <c>Regions</c> section it is one region, so the plain run
/// command works unchanged.
/// </summary>
internal sealed class RegionCatalog
{
    // Where Twilio's home regions and edges are, for great-circle figures when the catalogue
    // gives no coordinates.
    private static readonly Dictionary<string, (double Lat, double Lon)> KnownPlaces = new(StringComparer.OrdinalIgnoreCase)
    {
        ["us1"] = (39.04, -77.49),
        ["us2"] = (45.84, -119.70),
        ["ie1"] = (53.35, -6.26),
        ["de1"] = (50.11, 8.68),
        ["au1"] = (-33.87, 151.21),
        ["jp1"] = (35.68, 139.69),
        ["sg1"] = (1.35, 103.82),
        ["br1"] = (-23.55, -46.63),
    };

    private static readonly Dictionary<string, string> TwilioEdges = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ashburn"] = "us1",
        ["umatilla"] = "us2",
        ["dublin"] = "ie1",
        ["frankfurt"] = "de1",
        ["sydney"] = "au1",
        ["tokyo"] = "jp1",
        ["singapore"] = "sg1",
        ["sao-paulo"] = "br1",
    };

    private readonly Dictionary<string, Region> _regions;
    private readonly Dictionary<(string, string), int> _measured = [];
    private readonly Dictionary<string, string> _edges;

    public RegionCatalog(IOptions<RegionsOptions> options)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Local))
        {
            throw new InvalidOperationException("Regions:Local must name this process's region.");
        }

        Local = settings.Local.Trim().ToLowerInvariant();
        var entries = settings.Catalog.Count > 0 ? settings.Catalog : [new RegionEntry { Id = Local }];
        _regions = new Dictionary<string, Region>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e.Id)))
        {
            var id = entry.Id.Trim().ToLowerInvariant();
            KnownPlaces.TryGetValue(id, out var place);
            _regions[id] = new Region(
                id,
                string.IsNullOrWhiteSpace(entry.BaseUrl) ? null : new Uri(entry.BaseUrl.TrimEnd('/') + "/"),
                entry.Latitude ?? place.Lat,
                entry.Longitude ?? place.Lon,
                string.IsNullOrWhiteSpace(entry.Group) ? null : entry.Group.Trim().ToLowerInvariant());
        }

        if (!_regions.ContainsKey(Local))
        {
            throw new InvalidOperationException($"Regions:Local is {Local}, which the Regions:Catalog does not list.");
        }

        foreach (var (from, row) in settings.LatencyMs)
        {
            foreach (var (to, ms) in row)
            {
                _measured[(from.ToLowerInvariant(), to.ToLowerInvariant())] = ms;
            }
        }

        _edges = new Dictionary<string, string>(TwilioEdges, StringComparer.OrdinalIgnoreCase);
        foreach (var (edge, region) in settings.Edges)
        {
            _edges[edge] = region.ToLowerInvariant();
        }

        PeerToken = settings.PeerToken;
    }

    public string Local { get; }

    public string PeerToken { get; }

    public Region LocalRegion => _regions[Local];

    public IEnumerable<Region> All => _regions.Values.OrderBy(r => r.Id, StringComparer.Ordinal);

    public IEnumerable<Region> Peers => All.Where(r => r.Id != Local);

    public Region? Find(string? id) => id is not null && _regions.TryGetValue(id, out var region) ? region : null;

    /// <summary>The region an edge location maps to, when that region is in the catalogue.</summary>
    public Region? ForEdge(string edge) => _edges.TryGetValue(edge, out var id) ? Find(id) : null;

    /// <summary>A measured figure when configured (either direction), else the great-circle estimate.</summary>
    public int LatencyMs(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (_measured.TryGetValue((from, to), out var ms) || _measured.TryGetValue((to, from), out ms))
        {
            return ms;
        }

        var a = Find(from);
        var b = Find(to);
        return a is null || b is null ? int.MaxValue : GreatCircleLatencyMs(a, b);
    }

    public bool SameGroup(string a, string b) =>
        Find(a)?.Group is { } group && string.Equals(group, Find(b)?.Group, StringComparison.Ordinal);

    /// <summary>
    /// Round trip through fibre (about 200,000 km/s) along the great circle: 1 ms per 100 km.
    /// Real paths are longer; a measured figure in the configuration replaces this.
    /// </summary>
    public static int GreatCircleLatencyMs(Region a, Region b)
    {
        const double earthRadiusKm = 6371;
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(b.Latitude - a.Latitude);
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(a.Latitude)) * Math.Cos(Radians(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        var km = 2 * earthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
        return (int)Math.Ceiling(km / 100);
    }
}
