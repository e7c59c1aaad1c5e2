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
using Telephony.TaskRouter.Features.Workers;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class ListTaskQueues
{
    internal sealed record Query(WorkspaceScope Scope, string? FriendlyName, string? EvaluateWorkerAttributes, string? WorkerSid, PageRequest Page) : IQuery<Page<TaskQueueResource>>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.EvaluateWorkerAttributes).AttributesJson();
    }

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Page<TaskQueueResource>>
    {
        public async ValueTask<Page<TaskQueueResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var queues = db.TaskQueues.InWorkspace(scope.AccountSid, scope.WorkspaceSid);
            queues = query.FriendlyName is null ? queues : queues.Where(q => q.FriendlyName == query.FriendlyName);
            if (query.EvaluateWorkerAttributes is not null)
            {
                var worker = new WorkerFacts(string.Empty, string.Empty, string.Empty, query.EvaluateWorkerAttributes);
                queues = await TargetingAsync(queues, worker, cancellationToken);
            }

            if (query.WorkerSid is not null)
            {
                var worker = await WorkerFacts.Of(db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid).Where(w => w.Sid == query.WorkerSid))
                    .SingleOrDefaultAsync(cancellationToken)
                    ?? throw ApiException.Invalid("WorkerSid", $"{query.WorkerSid} is not in workspace {scope.WorkspaceSid}");
                queues = await TargetingAsync(queues, worker, cancellationToken);
            }

            return await queues.WithActivities().ToPageAsync(query.Page, q => TaskQueueResource.From(q, urls), cancellationToken);
        }

        /// <summary>The queues whose TargetWorkers the worker matches, evaluated in memory; the sids then page like any list.</summary>
        private async Task<IQueryable<TaskQueue>> TargetingAsync(IQueryable<TaskQueue> queues, WorkerFacts worker, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var targets = await queues.Select(q => new { q.Sid, q.TargetWorkers }).ToListAsync(cancellationToken);
            var matching = targets
                .Where(q => CompiledExpression.TryParse(q.TargetWorkers, out var expression, out _) && worker.Matches(expression, now))
                .Select(q => q.Sid)
                .ToList();
            return queues.Where(q => matching.Contains(q.Sid));
        }
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "FriendlyName")] string? friendlyName,
            [FromQuery(Name = "EvaluateWorkerAttributes")] string? evaluateWorkerAttributes,
            [FromQuery(Name = "WorkerSid")] string? workerSid,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var query = new Query(new(http.User.AccountSidOf(), workspaceSid), friendlyName, evaluateWorkerAttributes, workerSid, request);
            return TypedResults.Ok(ListEnvelope.Create("task_queues", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName("ListTaskQueues")
        .WithSummary("List a workspace's task queues")
        .WithDescription("EvaluateWorkerAttributes (a JSON object) and WorkerSid keep the queues whose TargetWorkers that worker matches.")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
