using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskQueues;

internal static class FetchTaskQueue
{
    internal sealed record Query(WorkspaceScope Scope, string TaskQueueSid) : IQuery<TaskQueueResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, TaskQueueResource>
    {
        public async ValueTask<TaskQueueResource> Handle(Query query, CancellationToken cancellationToken) =>
            TaskQueueResource.From(await db.TaskQueues.AsNoTracking().WithActivities().SingleAsync(query.Scope, query.TaskQueueSid, "TaskQueue", cancellationToken), urls);
    }

    internal static void Map(IEndpointRouteBuilder queues) => queues
        .MapGet("/{TaskQueueSid}", async Task<Ok<TaskQueueResource>> (string workspaceSid, string taskQueueSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), taskQueueSid), http.RequestAborted)))
        .WithName("FetchTaskQueue")
        .WithSummary("Fetch a task queue")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
