namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>A workflow's assignment callback addresses (both null: it has none).</summary>
internal readonly record struct CallbackUrls(string? Url, string? FallbackUrl);

/// <summary>
/// The callback addresses of the workflows reservations were made in, kept so that announcing a
/// reservation does not read its workflow again (a workflow without a callback URL, the common
/// case under load, then costs nothing). A workflow update or delete forgets its entry; a read that
/// started before the change is not remembered.
/// </summary>
internal sealed class WorkflowCallbackUrls
{
    private readonly Dictionary<string, CallbackUrls> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _changes;

    public bool TryGet(string workflowSid, out CallbackUrls urls)
    {
        lock (_gate)
        {
            return _known.TryGetValue(workflowSid, out urls);
        }
    }

    /// <summary>Taken before reading a workflow; pass it to <see cref="Remember"/>.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _changes;
            }
        }
    }

    public void Remember(string workflowSid, CallbackUrls urls, long versionReadAt)
    {
        lock (_gate)
        {
            if (versionReadAt == _changes)
            {
                _known[workflowSid] = urls;
            }
        }
    }

    public void Forget(string workflowSid)
    {
        lock (_gate)
        {
            _changes++;
            _known.Remove(workflowSid);
        }
    }
}
