using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.WorkerChannels;

internal sealed record WorkerChannelResource(
    string AccountSid,
    int AssignedTasks,
    bool Available,
    int AvailableCapacityPercentage,
    int ConfiguredCapacity,
    string? DateCreated,
    string? DateUpdated,
    string Sid,
    string TaskChannelSid,
    string TaskChannelUniqueName,
    string WorkerSid,
    string WorkspaceSid,
    string Url)
{
    /// <summary>
    /// Maps a channel whose <see cref="WorkerChannel.TaskChannel"/> is loaded, with what the engine
    /// holds on it: accepted tasks count as assigned, and every reservation that holds capacity
    /// (pending offers too) takes its share of the free percentage.
    /// </summary>
    public static WorkerChannelResource From(WorkerChannel channel, WorkerSnapshot? live, ResourceUrls urls)
    {
        var (used, assigned) = live?.Channels.TryGetValue(channel.TaskChannel.UniqueName, out var held) == true ? (held.Used, held.Assigned) : (0, 0);
        return new(
            channel.AccountSid,
            assigned,
            channel.Available,
            AvailablePercentage(channel, used),
            channel.Capacity,
            TwilioJson.Iso(channel.DateCreated),
            TwilioJson.Iso(channel.DateUpdated),
            channel.Sid,
            channel.TaskChannelSid,
            channel.TaskChannel.UniqueName,
            channel.WorkerSid,
            channel.WorkspaceSid,
            $"{urls.In(channel.WorkspaceSid, "Workers", channel.WorkerSid)}/Channels/{channel.Sid}");
    }

    /// <summary>A worker's live state, when its workspace routes here: the counts the resource shows.</summary>
    public static WorkerSnapshot? LiveOf(RoutingEngine engine, WorkspaceScope scope, string workerSid) =>
        engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router) ? router.GetWorker(workerSid) : null;

    private static int AvailablePercentage(WorkerChannel channel, int used) =>
        channel.Available && channel.Capacity > 0 ? Math.Max(0, channel.Capacity - used) * 100 / channel.Capacity : 0;
}
