using System.Collections.Concurrent;

namespace Telephony.Regions.Tests.Support;

/// <summary>
/// The network between the test's regions: routes a peer request to the in-process host whose
/// catalogue host name it carries (http://us1.test -> the us1 host). A partitioned or unrouted
/// region is unreachable, as a dropped link is.
/// </summary>
public sealed class PeerRouter
{
    private readonly ConcurrentDictionary<string, Func<HttpMessageInvoker>> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _partitioned = new(StringComparer.OrdinalIgnoreCase);
    private volatile Func<string, bool>? _loseAnswers;

    /// <summary>Every request that reached a region, as "METHOD /path", in arrival order.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    public void Route(string region, RegionApp app)
    {
        var invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(app.Server.CreateHandler()));
        _routes[region] = () => invoker.Value;
    }

    public void Unroute(string region) => _routes.TryRemove(region, out _);

    public void Partition(string region, bool down) => _partitioned[region] = down;

    /// <summary>
    /// Requests matching (by "METHOD /path") reach their region and are handled there, but their
    /// answers are lost on the way back, as when a link breaks mid-call; null heals the link.
    /// </summary>
    public void LoseAnswers(Func<string, bool>? matching) => _loseAnswers = matching;

    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var region = request.RequestUri!.Host.Split('.')[0];
        if (_partitioned.GetValueOrDefault(region) || !_routes.TryGetValue(region, out var route))
        {
            throw new HttpRequestException($"No route to {region} (partitioned or down).");
        }

        var call = $"{request.Method} {request.RequestUri.AbsolutePath}";
        Delivered.Enqueue(call);
        var response = await route().SendAsync(request, cancellationToken);
        if (_loseAnswers is { } lose && lose(call))
        {
            response.Dispose();
            throw new HttpRequestException($"The answer to {call} was lost on the way back.");
        }

        return response;
    }
}

/// <summary>The primary handler of each host's "regions-peer" client: hands requests to the router.</summary>
internal sealed class RouterHandler(PeerRouter router) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        router.SendAsync(request, cancellationToken);
}
