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

namespace Telephony.TaskRouter.Features.Workers;

internal static class ListWorkers
{
    internal sealed record Query(
        WorkspaceScope Scope,
        string? ActivityName,
        string? ActivitySid,
        bool? Available,
        string? FriendlyName,
        string? TargetWorkersExpression,
        string? TaskQueueName,
        string? TaskQueueSid,
        PageRequest Page) : IQuery<Page<WorkerResource>>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.TargetWorkersExpression).Expression();
    }

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, Page<WorkerResource>>
    {
        public async ValueTask<Page<WorkerResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var workers = db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid);
            workers = query.ActivityName is null ? workers : workers.Where(w => w.Activity.FriendlyName == query.ActivityName);
            workers = query.ActivitySid is null ? workers : workers.Where(w => w.ActivitySid == query.ActivitySid);
            workers = query.Available is not { } available ? workers : workers.Where(w => w.Activity.Available == available);
            workers = query.FriendlyName is null ? workers : workers.Where(w => w.FriendlyName == query.FriendlyName);
            var expressions = await ExpressionsAsync(query, cancellationToken);
            if (expressions is null)
            {
                // A queue that is not in the workspace matches no worker.
                return new Page<WorkerResource>([], null);
            }

            foreach (var expression in expressions)
            {
                workers = await MatchingAsync(workers, expression, cancellationToken);
            }

            return await workers.Include(w => w.Activity).ToPageAsync(query.Page, w => WorkerResource.From(w, urls), cancellationToken);
        }

        /// <summary>The target expressions the workers must match: the one given, and those of the queue named by sid or name; null when that queue does not exist.</summary>
        private async Task<List<CompiledExpression>?> ExpressionsAsync(Query query, CancellationToken cancellationToken)
        {
            var texts = new List<string?>();
            if (query.TargetWorkersExpression is not null)
            {
                texts.Add(query.TargetWorkersExpression);
            }

            var queues = db.TaskQueues.InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid);
            if (query.TaskQueueSid is not null)
            {
                texts.Add(await queues.Where(q => q.Sid == query.TaskQueueSid).Select(q => q.TargetWorkers).SingleOrDefaultAsync(cancellationToken));
            }

            if (query.TaskQueueName is not null)
            {
                texts.Add(await queues.Where(q => q.FriendlyName == query.TaskQueueName).Select(q => q.TargetWorkers).SingleOrDefaultAsync(cancellationToken));
            }

            if (texts.Any(text => text is null))
            {
                return null;
            }

            // Every text here was validated: by this query's validator or when its queue was saved.
            return texts.Select(text => CompiledExpression.TryParse(text!, out var expression, out var error)
                ? expression
                : throw ApiException.Invalid("TargetWorkersExpression", error)).ToList();
        }

        // Expressions run over the stored attributes in memory; the matching sids then page like any list.
        private async Task<IQueryable<Worker>> MatchingAsync(IQueryable<Worker> workers, CompiledExpression expression, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var candidates = await WorkerFacts.Of(workers).ToListAsync(cancellationToken);
            var matching = candidates.Where(worker => worker.Matches(expression, now)).Select(worker => worker.Sid).ToList();
            return workers.Where(w => matching.Contains(w.Sid));
        }
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "ActivityName")] string? activityName,
            [FromQuery(Name = "ActivitySid")] string? activitySid,
            [FromQuery(Name = "Available")] string? available,
            [FromQuery(Name = "FriendlyName")] string? friendlyName,
            [FromQuery(Name = "TargetWorkersExpression")] string? targetWorkersExpression,
            [FromQuery(Name = "TaskQueueName")] string? taskQueueName,
            [FromQuery(Name = "TaskQueueSid")] string? taskQueueSid,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var query = new Query(
                new(http.User.AccountSidOf(), workspaceSid),
                activityName,
                activitySid,
                FormValues.AvailableFilter(available),
                friendlyName,
                targetWorkersExpression,
                taskQueueName,
                taskQueueSid,
                request);
            return TypedResults.Ok(ListEnvelope.Create("workers", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName("ListWorkers")
        .WithSummary("List a workspace's workers")
        .WithDescription("TargetWorkersExpression, TaskQueueSid and TaskQueueName keep the workers whose attributes match the expression (or the queue's TargetWorkers).")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
