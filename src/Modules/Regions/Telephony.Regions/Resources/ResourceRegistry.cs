using Microsoft.Extensions.Options;
using Telephony.Regions.Catalog;
using Telephony.Regions.Data;
using Telephony.Regions.Selection;

namespace Telephony.Regions.Resources;

/// <summary>What the registry knows about one resource of this region at this moment.</summary>
internal sealed record ResourceView(
    string Sid, ResourceKind Kind, string FriendlyName, int Capacity, int Used, int Active,
    bool BuiltIn, bool Healthy, bool Draining, int ReportedLoad, DateTime? LastHeartbeat, DateTime DateCreated, DateTime DateUpdated)
{
    public string Status => !Healthy ? "unhealthy" : Draining ? (Active == 0 ? "drained" : "draining") : "available";
}

/// <summary>
/// The hot capacity state of this region's resources, in memory, rebuilt from the database at
/// start-up. Load is the figure reported at the last heartbeat plus the placements made since
/// (minus those released since): a burst spreads over resources instead of piling onto the one
/// whose report is stale, which is what hurt Jitsi's users.
/// </summary>
internal sealed class ResourceRegistry(RegionCatalog catalog, TimeProvider clock, IOptions<RegionsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, State> _resources = new(StringComparer.Ordinal);

    public void Load(IEnumerable<MediaResource> resources, IEnumerable<ResourcePlacement> activePlacements)
    {
        lock (_gate)
        {
            _resources.Clear();
            foreach (var resource in resources)
            {
                _resources[resource.Sid] = new State(resource);
            }

            foreach (var placement in activePlacements)
            {
                if (_resources.TryGetValue(placement.ResourceSid, out var state))
                {
                    state.Active++;
                    if (state.Row.LastHeartbeat is null || placement.DateCreated > state.Row.LastHeartbeat)
                    {
                        state.PlacedSinceHeartbeat++;
                    }
                }
            }
        }
    }

    public void Upsert(MediaResource resource)
    {
        lock (_gate)
        {
            if (_resources.TryGetValue(resource.Sid, out var state))
            {
                state.Row = resource;
            }
            else
            {
                _resources[resource.Sid] = new State(resource);
            }
        }
    }

    public void Remove(string sid)
    {
        lock (_gate)
        {
            _resources.Remove(sid);
        }
    }

    public void Heartbeat(MediaResource resource)
    {
        lock (_gate)
        {
            if (_resources.TryGetValue(resource.Sid, out var state))
            {
                state.Row = resource;
                state.PlacedSinceHeartbeat = 0;
                state.ReleasedSinceHeartbeat = 0;
            }
        }
    }

    /// <summary>Takes one unit of capacity on the resource if it may still take work; the check and the take are one step.</summary>
    public bool TryReserve(string sid)
    {
        lock (_gate)
        {
            if (!_resources.TryGetValue(sid, out var state) || !IsHealthy(state) || state.Row.Draining || Used(state) >= state.Row.Capacity)
            {
                return false;
            }

            state.PlacedSinceHeartbeat++;
            state.Active++;
            return true;
        }
    }

    public void Release(string sid)
    {
        lock (_gate)
        {
            if (_resources.TryGetValue(sid, out var state))
            {
                state.Active = Math.Max(0, state.Active - 1);
                state.ReleasedSinceHeartbeat++;
            }
        }
    }

    public ResourceView? Find(string sid)
    {
        lock (_gate)
        {
            return _resources.TryGetValue(sid, out var state) ? View(state) : null;
        }
    }

    public bool IsUsable(string sid)
    {
        lock (_gate)
        {
            return _resources.TryGetValue(sid, out var state) && IsHealthy(state);
        }
    }

    public IReadOnlyList<ResourceView> Snapshot()
    {
        lock (_gate)
        {
            return _resources.Values.Select(View).ToList();
        }
    }

    public List<Candidate> Candidates()
    {
        lock (_gate)
        {
            return _resources.Values
                .Select(s => new Candidate(s.Row.Sid, catalog.Local, s.Row.Kind, s.Row.Capacity, Used(s), IsHealthy(s), s.Row.Draining))
                .ToList();
        }
    }

    private ResourceView View(State s) => new(
        s.Row.Sid, s.Row.Kind, s.Row.FriendlyName, s.Row.Capacity, Used(s), s.Active, s.Row.BuiltIn, IsHealthy(s), s.Row.Draining,
        s.Row.ReportedLoad, s.Row.LastHeartbeat, s.Row.DateCreated, s.Row.DateUpdated);

    private static int Used(State s) => Math.Max(0, s.Row.ReportedLoad + s.PlacedSinceHeartbeat - s.ReleasedSinceHeartbeat);

    private bool IsHealthy(State s) =>
        s.Row.BuiltIn
        || (s.Row.LastHeartbeat is { } beat && (clock.GetUtcNow().UtcDateTime - beat).TotalSeconds <= options.Value.HeartbeatTimeoutSeconds);

    private sealed class State(MediaResource row)
    {
        public MediaResource Row { get; set; } = row;

        public int PlacedSinceHeartbeat { get; set; }

        public int ReleasedSinceHeartbeat { get; set; }

        public int Active { get; set; }
    }
}
