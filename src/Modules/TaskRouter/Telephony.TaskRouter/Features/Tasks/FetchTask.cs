using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class FetchTask
{
    internal sealed record Query(WorkspaceScope Scope, string TaskSid) : IQuery<TaskResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, TimeProvider clock, RoutingEngine engine, RoutingJournal journal) : IQueryHandler<Query, TaskResource>
    {
        public async ValueTask<TaskResource> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            // A live task is the engine's to describe, as the journal records it (a read of the row
            // with its references cost four times the rest of the request); it is shown once that
            // record is written, so a restart cannot take back what a fetch showed (the task's own
            // events: other requests' changes need not be written first).
            if (engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router) && router.GetTask(query.TaskSid) is { Details: { } details } live)
            {
                await journal.WaitShownPersistedAsync(router.LastEventSequence(live.Sid), cancellationToken);
                return TaskResource.Live(live, details, router.WorkflowName(live.WorkflowSid), urls, clock.GetUtcNow().UtcDateTime);
            }

            var task = await TaskResource.WithReferences(db.Tasks.AsNoTracking()).SingleAsync(scope, query.TaskSid, "Task", cancellationToken);
            return TaskResource.From(task, urls, clock.GetUtcNow().UtcDateTime);
        }
    }

    internal static void Map(IEndpointRouteBuilder tasks) => tasks
        .MapGet("/{TaskSid}", async Task<Ok<TaskResource>> (string workspaceSid, string taskSid, HttpContext http, ISender sender) =>
        {
            var task = await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), taskSid), http.RequestAborted);
            http.Response.Headers.ETag = task.ETag;
            return TypedResults.Ok(task);
        })
        .WithName("FetchTask")
        .WithSummary("Fetch a task (its ETag is in the ETag header)")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
