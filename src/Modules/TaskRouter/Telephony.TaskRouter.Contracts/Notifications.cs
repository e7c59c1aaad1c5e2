using Mediator;

namespace Telephony.TaskRouter.Contracts;

// Facts the TaskRouter resources announce, for the assignment engine (and anything else) to act on.
// Published after the change is committed.

/// <summary>A task was created, in the pending state.</summary>
public sealed record TaskCreated(string AccountSid, string WorkspaceSid, string TaskSid) : INotification;

/// <summary>A task's attributes, priority or assignment status changed through the API.</summary>
public sealed record TaskUpdated(string AccountSid, string WorkspaceSid, string TaskSid, string AssignmentStatus) : INotification;

/// <summary>A task was deleted.</summary>
public sealed record TaskDeleted(string AccountSid, string WorkspaceSid, string TaskSid) : INotification;

/// <summary>A worker was created or moved to another activity.</summary>
public sealed record WorkerActivityChanged(string AccountSid, string WorkspaceSid, string WorkerSid, string ActivitySid, bool Available) : INotification;

/// <summary>A worker's attributes or channel capacity changed, so the queues it belongs to may change.</summary>
public sealed record WorkerAttributesChanged(string AccountSid, string WorkspaceSid, string WorkerSid) : INotification;
