using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workspaces;

/// <summary>A workspace as Twilio's TaskRouter v1 writes it.</summary>
internal sealed record WorkspaceResource(
    string AccountSid,
    string? DateCreated,
    string? DateUpdated,
    string? DefaultActivityName,
    string? DefaultActivitySid,
    string? EventCallbackUrl,
    string? EventsFilter,
    string FriendlyName,
    bool MultiTaskEnabled,
    string Sid,
    string? TimeoutActivityName,
    string? TimeoutActivitySid,
    string PrioritizeQueueOrder,
    string Url,
    IReadOnlyDictionary<string, string> Links)
{
    private static readonly string[] Collections = ["Activities", "TaskQueues", "Tasks", "Workers", "Workflows", "TaskChannels"];

    public static WorkspaceResource From(Workspace workspace, IReadOnlyDictionary<string, string> activityNames, ResourceUrls urls) => new(
        workspace.AccountSid,
        TwilioJson.Iso(workspace.DateCreated),
        TwilioJson.Iso(workspace.DateUpdated),
        NameOf(workspace.DefaultActivitySid, activityNames),
        workspace.DefaultActivitySid,
        workspace.EventCallbackUrl,
        workspace.EventsFilter,
        workspace.FriendlyName,
        workspace.MultiTaskEnabled,
        workspace.Sid,
        NameOf(workspace.TimeoutActivitySid, activityNames),
        workspace.TimeoutActivitySid,
        WireNames.Of(workspace.PrioritizeQueueOrder),
        urls.Workspace(workspace.Sid),
        Collections.ToDictionary(Snake, collection => urls.In(workspace.Sid, collection)));

    /// <summary>Maps workspaces with the names of their default and timeout activities, read in one query.</summary>
    public static async Task<List<WorkspaceResource>> FromAsync(IReadOnlyList<Workspace> workspaces, TaskRouterDb db, ResourceUrls urls, CancellationToken cancellationToken)
    {
        var sids = workspaces.SelectMany(w => new[] { w.DefaultActivitySid, w.TimeoutActivitySid }).OfType<string>().Distinct().ToList();
        var names = await db.Activities.Where(a => sids.Contains(a.Sid)).ToDictionaryAsync(a => a.Sid, a => a.FriendlyName, cancellationToken);
        return workspaces.Select(w => From(w, names, urls)).ToList();
    }

    public static async Task<WorkspaceResource> FromAsync(Workspace workspace, TaskRouterDb db, ResourceUrls urls, CancellationToken cancellationToken) =>
        (await FromAsync([workspace], db, urls, cancellationToken))[0];

    private static string? NameOf(string? sid, IReadOnlyDictionary<string, string> names) =>
        sid is not null && names.TryGetValue(sid, out var name) ? name : null;

    private static string Snake(string collection) => collection switch
    {
        "TaskQueues" => "task_queues",
        "TaskChannels" => "task_channels",
        _ => collection.ToLowerInvariant(),
    };
}
