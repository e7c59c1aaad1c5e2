using System.Collections.Concurrent;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Routing;

/// <summary>The live routers, one per workspace, each publishing into the journal.</summary>
internal sealed class RoutingEngine(TimeProvider clock, RoutingJournal journal)
{
    private readonly ConcurrentDictionary<string, (string AccountSid, WorkspaceRouter Router)> _routers = new(StringComparer.Ordinal);

    public IEnumerable<WorkspaceRouter> Routers => _routers.Values.Select(open => open.Router);

    public WorkspaceRouter Open(string accountSid, WorkspaceRoutingSettings settings, IEnumerable<string> taskChannels)
    {
        var router = new WorkspaceRouter(settings, clock, journal.SinkFor(accountSid, settings.WorkspaceSid), taskChannels);
        _routers[settings.WorkspaceSid] = (accountSid, router);
        return router;
    }

    /// <summary>The workspace's router; every stored workspace has one from start-up on.</summary>
    public WorkspaceRouter For(string workspaceSid) =>
        _routers.TryGetValue(workspaceSid, out var open)
            ? open.Router
            : throw new InvalidOperationException($"Workspace {workspaceSid} has no router: it was not loaded at start-up or created through the API.");

    public bool TryGet(string workspaceSid, out WorkspaceRouter router)
    {
        var found = _routers.TryGetValue(workspaceSid, out var open);
        router = open.Router;
        return found;
    }

    /// <summary>
    /// The workspace's router when the account owns the workspace: every stored workspace is open
    /// here, from start-up or its creation until its deletion, so the hot paths check ownership
    /// without reading the database.
    /// </summary>
    public bool TryGetOwned(string accountSid, string workspaceSid, out WorkspaceRouter router)
    {
        var owned = _routers.TryGetValue(workspaceSid, out var open) && string.Equals(open.AccountSid, accountSid, StringComparison.Ordinal);
        router = open.Router;
        return owned;
    }

    public void Close(string workspaceSid) => _routers.TryRemove(workspaceSid, out _);
}
