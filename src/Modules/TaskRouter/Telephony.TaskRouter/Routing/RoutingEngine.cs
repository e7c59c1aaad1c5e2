using System.Collections.Concurrent;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Routing;

/// <summary>The live routers, one per workspace, each publishing into the journal.</summary>
internal sealed class RoutingEngine(TimeProvider clock, RoutingJournal journal)
{
    private readonly ConcurrentDictionary<string, WorkspaceRouter> _routers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    public IEnumerable<WorkspaceRouter> Routers => _routers.Values;

    public WorkspaceRouter Open(string accountSid, WorkspaceRoutingSettings settings, IEnumerable<string> taskChannels)
    {
        var router = new WorkspaceRouter(settings, clock, journal.SinkFor(accountSid, settings.WorkspaceSid), taskChannels);
        _owners[settings.WorkspaceSid] = accountSid;
        _routers[settings.WorkspaceSid] = router;
        return router;
    }

    /// <summary>The workspace's router; every stored workspace has one from start-up on.</summary>
    public WorkspaceRouter For(string workspaceSid) =>
        _routers.TryGetValue(workspaceSid, out var router)
            ? router
            : throw new InvalidOperationException($"Workspace {workspaceSid} has no router: it was not loaded at start-up or created through the API.");

    public bool TryGet(string workspaceSid, out WorkspaceRouter router) => _routers.TryGetValue(workspaceSid, out router!);

    /// <summary>
    /// Whether the account's workspace is open here: every stored workspace is, from start-up or its
    /// creation until its deletion, so the hot paths check ownership without reading the database.
    /// </summary>
    public bool Owns(string accountSid, string workspaceSid) =>
        _owners.TryGetValue(workspaceSid, out var owner) && string.Equals(owner, accountSid, StringComparison.Ordinal);

    public void Close(string workspaceSid)
    {
        _routers.TryRemove(workspaceSid, out _);
        _owners.TryRemove(workspaceSid, out _);
    }
}
