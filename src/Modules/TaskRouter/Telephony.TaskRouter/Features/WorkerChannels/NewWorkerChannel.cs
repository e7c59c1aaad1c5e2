using Telephony.SharedKernel.Ids;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.WorkerChannels;

/// <summary>Every worker has one channel per task channel of its workspace: capacity 1, available, as Twilio makes them.</summary>
internal static class NewWorkerChannel
{
    public static WorkerChannel For(string accountSid, string workspaceSid, string workerSid, string taskChannelSid, DateTime now) => new()
    {
        Sid = Sid.New("WC"),
        AccountSid = accountSid,
        WorkspaceSid = workspaceSid,
        WorkerSid = workerSid,
        TaskChannelSid = taskChannelSid,
        Capacity = 1,
        Available = true,
        DateCreated = now,
        DateUpdated = now,
    };
}
