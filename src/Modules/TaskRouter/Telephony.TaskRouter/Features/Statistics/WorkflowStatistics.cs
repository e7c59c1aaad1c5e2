using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Statistics;

/// <summary><c>/Workflows/{WW}/Statistics</c>, <c>/RealTimeStatistics</c> and <c>/CumulativeStatistics</c>.</summary>
internal static class WorkflowStatistics
{
    internal sealed record Query(WorkspaceScope Scope, string WorkflowSid, StatisticsFields Fields, StatisticsPart Part) : IQuery<Dictionary<string, object?>>;

    internal sealed class Handler(TaskRouterDb db, RoutingEngine engine, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Dictionary<string, object?>>
    {
        public async ValueTask<Dictionary<string, object?>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            var workflow = await db.Workflows.SingleAsync(scope, query.WorkflowSid, "Workflow", cancellationToken);
            var request = await StatisticsRequest.ResolveAsync(query.Fields, db, scope, clock.GetUtcNow(), cancellationToken);
            Dictionary<string, object?>? realtime = null;
            Dictionary<string, object?>? cumulative = null;
            if (query.Part.WantsRealtime())
            {
                realtime = new(StringComparer.Ordinal);
                RealtimeFigures.WriteTasks(realtime, RealtimeFigures.RouterOf(engine, scope.WorkspaceSid).TaskStatistics(workflowSid: workflow.Sid, channel: request.TaskChannel));
            }

            if (query.Part.WantsCumulative())
            {
                var figures = await CumulativeFigures.ReadAsync(db, new EventScope(scope.WorkspaceSid, WorkflowSid: workflow.Sid), request, cancellationToken);
                cumulative = new(StringComparer.Ordinal);
                figures.WriteTasks(cumulative);
                cumulative["tasks_entered"] = figures.Count(EventTypes.WorkflowEntered);
                cumulative["tasks_timed_out_in_workflow"] = figures.Count(EventTypes.WorkflowTimeout);
            }

            return StatisticsResponse.Compose(
                scope.AccountSid,
                query.Part,
                realtime,
                cumulative,
                [("workflow_sid", workflow.Sid), ("workspace_sid", scope.WorkspaceSid)],
                $"{urls.In(scope.WorkspaceSid, "Workflows", workflow.Sid)}/{query.Part.Suffix()}");
        }
    }

    internal static void Map(IEndpointRouteBuilder workflows)
    {
        foreach (var part in Enum.GetValues<StatisticsPart>())
        {
            workflows
                .MapGet($"/{{WorkflowSid}}/{part.Suffix()}", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, string workflowSid, HttpContext http, ISender sender) =>
                    TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workflowSid, StatisticsFields.From(http.Request), part), http.RequestAborted)))
                .WithName($"FetchWorkflow{part.Suffix()}")
                .WithSummary($"Fetch a workflow's {part.Describe()}")
                .WithDescription(StatisticsDocs.Parameters)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }
}
