namespace Telephony.TaskRouter.Engine.Model;

/// <summary>An activity: whether a worker in it may receive tasks.</summary>
internal sealed record RoutingActivity(string Sid, string FriendlyName, bool Available);
