namespace Telephony.TaskRouter.Engine.Model;

/// <summary>
/// What the API shows of a task that routing never reads or changes, kept with the live task so that
/// a request about it can be answered without reading the database.
/// </summary>
/// <remarks>The channel is the one shown, which an update may change; the engine routes on the one the task was created with.</remarks>
internal sealed record TaskDetails(string AccountSid, string WorkspaceSid, string? TaskChannelSid, string? TaskChannelUniqueName, int Timeout, DateTime DateCreated, DateTime? VirtualStartTime);
