using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace TaskRouter.Engine;

internal sealed class NullSink : IRoutingEventSink
{
    public long Count;

    public long Publish(RoutingEvent routingEvent) => ++Count;
}

/// <summary>
/// A workspace of <c>queues</c> skill queues. Queue i selects workers with <c>skill == "qi"</c>;
/// filter i matches tasks with <c>queue == "qi"</c> and its target expression requires
/// <c>worker.level &gt;= task.level</c>. Predicates are C# over the parsed JSON attributes (the
/// expression language's own cost is measured by its benchmark).
/// </summary>
internal static class Workspace
{
    public const string Available = "WAavailable";
    public const string Offline = "WAoffline";

    public static WorkspaceRouter Create(int queues, NullSink sink, TimeProvider? clock = null)
    {
        var router = new WorkspaceRouter(new WorkspaceRoutingSettings("WSbench"), clock ?? TimeProvider.System, sink);
        router.UpsertActivity(new RoutingActivity(Available, "Available", true));
        router.UpsertActivity(new RoutingActivity(Offline, "Offline", false));
        var filters = new List<WorkflowFilter>();
        for (var index = 0; index < queues; index++)
        {
            var skill = $"q{index}";
            router.UpsertQueue(new QueueDefinition($"WQ{index}", skill, worker => worker.Attributes.Text("skill") == skill || worker.Attributes.Text("skill") == "all"));
            filters.Add(new WorkflowFilter(skill, task => task.Attributes.Text("queue") == skill, [
                new WorkflowTarget($"WQ{index}", Expression: (task, worker) => (worker.Attributes.Number("level") ?? 0) >= (task.Attributes.Number("level") ?? 0)),
            ]));
        }

        router.UpsertWorkflow(RoutingWorkflow.Create("WWbench", filters, "WQ0"));
        return router;
    }
}
