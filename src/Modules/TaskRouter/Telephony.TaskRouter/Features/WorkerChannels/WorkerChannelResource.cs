using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

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
    /// <summary>Maps a channel whose <see cref="WorkerChannel.TaskChannel"/> is loaded. Tasks are counted by the assignment engine; until it assigns one, none are.</summary>
    public static WorkerChannelResource From(WorkerChannel channel, ResourceUrls urls) => new(
        channel.AccountSid,
        AssignedTasks: 0,
        channel.Available,
        AvailableCapacityPercentage: channel.Available && channel.Capacity > 0 ? 100 : 0,
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
