namespace Telephony.TaskRouter.Engine.Model;

// The engine decides with these; where they come from (the expression language, or C# in tests)
// is not its business. Adapters/ExpressionPredicates.cs builds them from compiled expressions.

/// <summary>A workflow filter's <c>expression</c>, over the task's attributes.</summary>
internal delegate bool TaskPredicate(RoutingTask task);

/// <summary>A queue's <c>TargetWorkers</c>, over a worker's attributes.</summary>
internal delegate bool WorkerPredicate(RoutingWorker worker);

/// <summary>A target's <c>expression</c>, over <c>task.</c> and <c>worker.</c>.</summary>
internal delegate bool TaskWorkerPredicate(RoutingTask task, RoutingWorker worker);

/// <summary>A target's <c>skip_if</c>, over <c>workers.</c> counts of the target's queue.</summary>
internal delegate bool SkipPredicate(RoutingTask task, QueueWorkerCounts workers);

/// <summary>A target's <c>known_worker_sid</c> / <c>known_worker_friendly_name</c>: the value the task names, or null.</summary>
internal delegate string? KnownWorkerSelector(RoutingTask task);

/// <summary>What <c>workers.</c> means in <c>skip_if</c>: counts over the members of the target's queue.</summary>
internal sealed record QueueWorkerCounts(int Available, int Unavailable, IReadOnlyDictionary<string, int> ByActivitySid);
