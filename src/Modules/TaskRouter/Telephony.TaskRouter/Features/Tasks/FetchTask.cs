using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Tasks;

internal static class FetchTask
{
    internal sealed record Query(WorkspaceScope Scope, string TaskSid) : IQuery<TaskResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, TimeProvider clock) : IQueryHandler<Query, TaskResource>
    {
        public async ValueTask<TaskResource> Handle(Query query, CancellationToken cancellationToken)
        {
            var task = await TaskResource.WithReferences(db.Tasks.AsNoTracking()).SingleAsync(query.Scope, query.TaskSid, "Task", cancellationToken);
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
