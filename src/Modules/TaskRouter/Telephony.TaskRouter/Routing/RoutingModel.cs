using System.Text.Json;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Adapters;
using Telephony.TaskRouter.Engine.Model;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Routing;

/// <summary>Turns stored resources into the engine's model (expressions compiled once, here).</summary>
internal static class RoutingModel
{
    public static WorkspaceRoutingSettings Settings(Workspace workspace) => new(
        workspace.Sid,
        workspace.MultiTaskEnabled,
        Order(workspace.PrioritizeQueueOrder),
        workspace.TimeoutActivitySid);

    public static RoutingActivity Activity(Activity activity) => new(activity.Sid, activity.FriendlyName, activity.Available);

    public static QueueDefinition Queue(TaskQueue queue, TimeProvider clock) => new(
        queue.Sid,
        queue.FriendlyName,
        ExpressionPredicates.TargetWorkers(CompiledExpression.Parse(queue.TargetWorkers), clock),
        queue.MaxReservedWorkers,
        Order(queue.TaskOrder),
        queue.ReservationActivitySid,
        queue.AssignmentActivitySid);

    /// <summary>Compiles a configuration that <c>WorkflowConfiguration</c> has already validated.</summary>
    public static RoutingWorkflow Workflow(Workflow workflow, TimeProvider clock)
    {
        using var document = JsonDocument.Parse(workflow.Configuration);
        var routing = document.RootElement.GetProperty("task_routing");
        var filters = new List<WorkflowFilter>();
        if (routing.TryGetProperty("filters", out var filterArray))
        {
            foreach (var filter in filterArray.EnumerateArray())
            {
                var name = Text(filter, "filter_friendly_name") ?? Text(filter, "friendly_name") ?? string.Empty;
                var matches = ExpressionPredicates.Filter(CompiledExpression.Parse(Text(filter, "expression") ?? "1==1"), clock);
                var targets = filter.GetProperty("targets").EnumerateArray().Select(target => Target(target, clock)).ToList();
                filters.Add(new WorkflowFilter(name, matches, targets));
            }
        }

        var defaultQueue = routing.TryGetProperty("default_filter", out var defaultFilter) ? Text(defaultFilter, "queue") : null;
        return RoutingWorkflow.Create(workflow.Sid, filters, defaultQueue, TimeSpan.FromSeconds(workflow.TaskReservationTimeout), workflow.FriendlyName);
    }

    private static WorkflowTarget Target(JsonElement target, TimeProvider clock) => new(
        Text(target, "queue"),
        target.TryGetProperty("priority", out var priority) ? priority.GetInt32() : null,
        target.TryGetProperty("timeout", out var timeout) ? TimeSpan.FromSeconds(timeout.GetInt32()) : null,
        Text(target, "expression") is { } expression ? ExpressionPredicates.Target(CompiledExpression.Parse(expression), clock) : null,
        Text(target, "order_by") is { } orderBy ? ExpressionPredicates.OrderBy(OrderBy.Parse(orderBy)) : null,
        Text(target, "skip_if") is { } skipIf ? ExpressionPredicates.SkipIf(CompiledExpression.Parse(skipIf), clock) : null,
        Text(target, "known_worker_sid") is { } knownSid ? ExpressionPredicates.KnownWorker(knownSid) : null,
        Text(target, "known_worker_friendly_name") is { } knownName ? ExpressionPredicates.KnownWorker(knownName) : null);

    private static string? Text(JsonElement owner, string key) =>
        owner.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static QueueTaskOrder Order(QueueOrder order) => order == QueueOrder.Lifo ? QueueTaskOrder.Lifo : QueueTaskOrder.Fifo;
}
