using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Workers;

internal static class FetchWorker
{
    internal sealed record Query(WorkspaceScope Scope, string WorkerSid) : IQuery<WorkerResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, WorkerResource>
    {
        public async ValueTask<WorkerResource> Handle(Query query, CancellationToken cancellationToken) =>
            WorkerResource.From(await db.Workers.AsNoTracking().Include(w => w.Activity).SingleAsync(query.Scope, query.WorkerSid, "Worker", cancellationToken), urls);
    }

    internal static void Map(IEndpointRouteBuilder workers) => workers
        .MapGet("/{WorkerSid}", async Task<Ok<WorkerResource>> (string workspaceSid, string workerSid, HttpContext http, ISender sender) =>
        {
            var worker = await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workerSid), http.RequestAborted);
            http.Response.Headers.ETag = worker.ETag;
            return TypedResults.Ok(worker);
        })
        .WithName("FetchWorker")
        .WithSummary("Fetch a worker")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
