namespace Telephony.TaskRouter.Features;

/// <summary>
/// Absolute addresses for <c>url</c> and <c>links</c>: the host the caller used, so a client that
/// reached us through a proxy or the Twilio SDK's rewritten base address can follow them.
/// </summary>
internal sealed class ResourceUrls(IHttpContextAccessor accessor)
{
    private const string Fallback = "http://localhost";

    private string? _root;

    public string Root => _root ??= accessor.HttpContext?.Request is { } request
        ? $"{request.Scheme}://{request.Host}{request.PathBase}/v1"
        : Fallback + "/v1";

    public string Workspaces => $"{Root}/Workspaces";

    public string Workspace(string workspaceSid) => $"{Workspaces}/{workspaceSid}";

    public string In(string workspaceSid, string collection) => $"{Workspace(workspaceSid)}/{collection}";

    public string In(string workspaceSid, string collection, string sid) => $"{Workspace(workspaceSid)}/{collection}/{sid}";
}
