using System.Text.Json;
using Telephony.TaskRouter.Engine.Model;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Engine.Adapters;

/// <summary>
/// Turns compiled expressions into the engine's predicates. The only place the engine meets the
/// expression language; the engine itself is tested with C# predicates.
/// </summary>
internal static class ExpressionPredicates
{
    /// <summary>A filter's expression: unprefixed keys and <c>task.</c> read the task's attributes.</summary>
    public static TaskPredicate Filter(CompiledExpression expression, TimeProvider clock) =>
        task => expression.Evaluate(new ExpressionContext
        {
            Default = task.Attributes.ExpressionView,
            Task = task.Attributes.ExpressionView,
            Now = clock.GetUtcNow(),
        });

    /// <summary>A queue's <c>TargetWorkers</c>: unprefixed keys and <c>worker.</c> read the worker.</summary>
    public static WorkerPredicate TargetWorkers(CompiledExpression expression, TimeProvider clock) =>
        worker => expression.Evaluate(new ExpressionContext
        {
            Default = worker.ExpressionView,
            Worker = worker.ExpressionView,
            Now = clock.GetUtcNow(),
        });

    /// <summary>A target's expression, over <c>task.</c> and <c>worker.</c>.</summary>
    public static TaskWorkerPredicate Target(CompiledExpression expression, TimeProvider clock) =>
        (task, worker) => expression.Evaluate(new ExpressionContext
        {
            Task = task.Attributes.ExpressionView,
            Worker = worker.ExpressionView,
            Now = clock.GetUtcNow(),
        });

    /// <summary><c>skip_if</c>: <c>workers.available</c>, <c>workers.unavailable</c>, <c>workers.WAxx</c>, and <c>task.</c>.</summary>
    public static SkipPredicate SkipIf(CompiledExpression expression, TimeProvider clock) =>
        (task, counts) => expression.Evaluate(new ExpressionContext
        {
            Task = task.Attributes.ExpressionView,
            Workers = AttributeSet.Parse(WorkersJson(counts)),
            Now = clock.GetUtcNow(),
        });

    public static IComparer<RoutingWorker> OrderBy(OrderBy orderBy) =>
        Comparer<RoutingWorker>.Create((left, right) => orderBy.Compare(left.ExpressionView, right.ExpressionView));

    /// <summary>
    /// <c>known_worker_sid</c> / <c>known_worker_friendly_name</c>: <c>task.a.b</c> names a task
    /// attribute holding the value; anything else is the value itself.
    /// </summary>
    public static KnownWorkerSelector KnownWorker(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("task.", StringComparison.Ordinal))
        {
            var literal = trimmed.Trim('"', '\'');
            return _ => literal;
        }

        var path = trimmed["task.".Length..].Split('.');
        return task =>
        {
            var node = task.Attributes.Root;
            foreach (var key in path)
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out node))
                {
                    return null;
                }
            }

            return node.ValueKind == JsonValueKind.String ? node.GetString() : null;
        };
    }

    private static string WorkersJson(QueueWorkerCounts counts)
    {
        var values = new Dictionary<string, int>(counts.ByActivitySid, StringComparer.Ordinal)
        {
            ["available"] = counts.Available,
            ["unavailable"] = counts.Unavailable,
        };
        return JsonSerializer.Serialize(values);
    }
}
