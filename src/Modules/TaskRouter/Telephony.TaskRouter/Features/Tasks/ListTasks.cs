using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class ListTasks
{
    internal sealed record Query(
        WorkspaceScope Scope,
        int? Priority,
        IReadOnlyList<AssignmentStatus> AssignmentStatus,
        string? WorkflowSid,
        string? WorkflowName,
        string? TaskQueueSid,
        string? TaskQueueName,
        string? EvaluateTaskAttributes,
        TaskOrdering? Ordering,
        PageRequest Page,
        bool HasAddons = false) : IQuery<Page<TaskResource>>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.EvaluateTaskAttributes).Expression();
    }

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Page<TaskResource>>
    {
        public async ValueTask<Page<TaskResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(query.Scope.AccountSid, query.Scope.WorkspaceSid, cancellationToken);
            var tasks = db.Tasks.InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid);
            tasks = query.Priority is not { } priority ? tasks : tasks.Where(t => t.Priority == priority);
            tasks = query.AssignmentStatus.Count == 0 ? tasks : tasks.Where(t => query.AssignmentStatus.Contains(t.AssignmentStatus));
            tasks = query.WorkflowSid is null ? tasks : tasks.Where(t => t.WorkflowSid == query.WorkflowSid);
            tasks = query.WorkflowName is null ? tasks : tasks.Where(t => t.Workflow!.FriendlyName == query.WorkflowName);
            tasks = query.TaskQueueSid is null ? tasks : tasks.Where(t => t.TaskQueueSid == query.TaskQueueSid);
            tasks = query.TaskQueueName is null ? tasks : tasks.Where(t => t.TaskQueue!.FriendlyName == query.TaskQueueName);

            // No task here has Add-ons (Twilio's Marketplace is not part of this platform): HasAddons=true finds none.
            tasks = query.HasAddons ? tasks.Where(_ => false) : tasks;
            if (query.EvaluateTaskAttributes is not null && CompiledExpression.TryParse(query.EvaluateTaskAttributes, out var expression, out _))
            {
                var candidates = await tasks.Select(t => new { t.Sid, t.Attributes }).ToListAsync(cancellationToken);
                var now = clock.GetUtcNow();
                var matching = candidates.Where(t => Matches(expression, t.Attributes, now)).Select(t => t.Sid).ToList();
                tasks = tasks.Where(t => matching.Contains(t.Sid));
            }

            var at = clock.GetUtcNow().UtcDateTime;
            tasks = TaskResource.WithReferences(tasks);
            return query.Ordering is null
                ? await tasks.ToPageAsync(query.Page, t => TaskResource.From(t, urls, at), cancellationToken)
                : await query.Ordering.Apply(tasks).ToOffsetPageAsync(query.Page, t => TaskResource.From(t, urls, at), cancellationToken);
        }

        // Unprefixed keys and task. both read the task's attributes.
        private static bool Matches(CompiledExpression expression, string attributes, DateTimeOffset now)
        {
            var set = AttributeSet.Parse(attributes);
            return expression.Evaluate(new ExpressionContext { Default = set, Task = set, Now = now });
        }
    }

    internal static void Map(IEndpointRouteBuilder tasks) => tasks
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "Priority")] string? priority,
            [FromQuery(Name = "AssignmentStatus")] string[]? assignmentStatus,
            [FromQuery(Name = "WorkflowSid")] string? workflowSid,
            [FromQuery(Name = "WorkflowName")] string? workflowName,
            [FromQuery(Name = "TaskQueueSid")] string? taskQueueSid,
            [FromQuery(Name = "TaskQueueName")] string? taskQueueName,
            [FromQuery(Name = "EvaluateTaskAttributes")] string? evaluateTaskAttributes,
            [FromQuery(Name = "Ordering")] string? ordering,
            [FromQuery(Name = "HasAddons")] string? hasAddons,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var statuses = (assignmentStatus ?? [])
                .SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Select(value => FormValues.Enum<AssignmentStatus>(value, "AssignmentStatus")!.Value)
                .Distinct()
                .ToList();
            var query = new Query(
                new(http.User.AccountSidOf(), workspaceSid),
                FormValues.Int(priority, "Priority"),
                statuses,
                workflowSid,
                workflowName,
                taskQueueSid,
                taskQueueName,
                evaluateTaskAttributes,
                TaskOrdering.Parse(ordering),
                request,
                FormValues.Bool(hasAddons, "HasAddons") ?? false);
            return TypedResults.Ok(ListEnvelope.Create("tasks", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName("ListTasks")
        .WithSummary("List a workspace's tasks")
        .WithDescription("Priority keeps tasks of that priority; AssignmentStatus may repeat or be comma-separated; EvaluateTaskAttributes keeps the tasks whose attributes match the expression; Ordering is DateCreated or Priority, :asc or :desc; HasAddons=true keeps tasks with Add-ons (there are none here).")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
