using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskChannels;

internal sealed record TaskChannelResource(
    string AccountSid,
    string? DateCreated,
    string? DateUpdated,
    string FriendlyName,
    string Sid,
    string UniqueName,
    string WorkspaceSid,
    bool ChannelOptimizedRouting,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    public static TaskChannelResource From(TaskChannel channel, ResourceUrls urls) => new(
        channel.AccountSid,
        TwilioJson.Iso(channel.DateCreated),
        TwilioJson.Iso(channel.DateUpdated),
        channel.FriendlyName,
        channel.Sid,
        channel.UniqueName,
        channel.WorkspaceSid,
        channel.ChannelOptimizedRouting,
        urls.In(channel.WorkspaceSid, "TaskChannels", channel.Sid),
        new Dictionary<string, string> { ["workspace"] = urls.Workspace(channel.WorkspaceSid) });

    /// <summary>A task channel is named by its sid or its unique name, as in Twilio.</summary>
    public static async Task<TaskChannel> FindAsync(TaskRouterDb db, WorkspaceScope scope, string sidOrUniqueName, CancellationToken cancellationToken) =>
        await db.TaskChannels.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
            .SingleOrDefaultAsync(c => c.Sid == sidOrUniqueName || c.UniqueName == sidOrUniqueName, cancellationToken)
            ?? throw ApiException.NotFound("TaskChannel", sidOrUniqueName);

    /// <summary>A task channel given in a task's TaskChannel field: naming none of the workspace's is a 400 on that field.</summary>
    public static async Task<TaskChannel> ReferencedAsync(TaskRouterDb db, WorkspaceScope scope, string sidOrUniqueName, CancellationToken cancellationToken) =>
        await db.TaskChannels.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
            .SingleOrDefaultAsync(c => c.Sid == sidOrUniqueName || c.UniqueName == sidOrUniqueName, cancellationToken)
            ?? throw ApiException.Invalid("TaskChannel", $"'{sidOrUniqueName}' is not a task channel of workspace {scope.WorkspaceSid}");
}
