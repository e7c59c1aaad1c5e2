namespace Telephony.Regions.Tunnel;

/// <summary>
/// How many sealed chunks each branch folder holds and since when, kept in memory so that the
/// uploader can tell which of hundreds of branches is worth an append without listing every
/// folder on every pass. The sealer adds, the uploader removes; start-up adds what recovery found.
/// </summary>
internal sealed class BufferLedger(TimeProvider clock)
{
    private readonly Dictionary<string, (int Chunks, DateTime Since)> _folders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Added(string folder, int chunks = 1)
    {
        if (chunks <= 0)
        {
            return;
        }

        lock (_gate)
        {
            var (held, since) = _folders.GetValueOrDefault(folder);
            _folders[folder] = (held + chunks, held == 0 ? clock.GetUtcNow().UtcDateTime : since);
        }
    }

    /// <summary>Chunks gone (acknowledged, or set aside); what is left counts as waiting from now.</summary>
    public void Removed(string folder, int chunks)
    {
        lock (_gate)
        {
            var (held, _) = _folders.GetValueOrDefault(folder);
            if (held - chunks <= 0)
            {
                _folders.Remove(folder);
            }
            else
            {
                _folders[folder] = (held - chunks, clock.GetUtcNow().UtcDateTime);
            }
        }
    }

    public (int Chunks, DateTime Since) Of(string folder)
    {
        lock (_gate)
        {
            return _folders.GetValueOrDefault(folder);
        }
    }

    public void Forget(string folder)
    {
        lock (_gate)
        {
            _folders.Remove(folder);
        }
    }
}
