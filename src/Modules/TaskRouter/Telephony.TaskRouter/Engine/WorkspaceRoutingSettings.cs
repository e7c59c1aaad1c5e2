using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

/// <summary>The workspace settings routing depends on.</summary>
internal sealed record WorkspaceRoutingSettings(
    string WorkspaceSid,
    bool MultiTaskEnabled = true,
    QueueTaskOrder PrioritizeQueueOrder = QueueTaskOrder.Fifo,
    string? TimeoutActivitySid = null)
{
    /// <summary>Twilio cancels a task re-routed this many times.</summary>
    public const int MaxReroutes = 1000;

    public static IReadOnlyList<string> DefaultTaskChannels { get; } = ["default", "voice", "chat", "sms", "video"];
}
