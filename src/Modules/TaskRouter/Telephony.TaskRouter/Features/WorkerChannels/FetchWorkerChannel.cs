using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.WorkerChannels;

internal static class FetchWorkerChannel
{
    internal sealed record Query(WorkspaceScope Scope, string WorkerSid, string Channel) : IQuery<WorkerChannelResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, RoutingEngine engine) : IQueryHandler<Query, WorkerChannelResource>
    {
        public async ValueTask<WorkerChannelResource> Handle(Query query, CancellationToken cancellationToken)
        {
            var channel = await FindAsync(db, query.Scope, query.WorkerSid, query.Channel, cancellationToken);
            return WorkerChannelResource.From(channel, WorkerChannelResource.LiveOf(engine, query.Scope, query.WorkerSid), urls);
        }
    }

    /// <summary>A worker channel is named by its own sid, its task channel's sid or its task channel's unique name, as in Twilio.</summary>
    internal static async Task<WorkerChannel> FindAsync(TaskRouterDb db, WorkspaceScope scope, string workerSid, string channel, CancellationToken cancellationToken)
    {
        await db.Workers.SingleAsync(scope, workerSid, "Worker", cancellationToken);
        return await db.WorkerChannels
            .Include(c => c.TaskChannel)
            .InWorkspace(scope.AccountSid, scope.WorkspaceSid)
            .Where(c => c.WorkerSid == workerSid)
            .SingleOrDefaultAsync(c => c.Sid == channel || c.TaskChannelSid == channel || c.TaskChannel.UniqueName == channel, cancellationToken)
            ?? throw ApiException.NotFound("WorkerChannel", channel);
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapGet("/{Channel}", async Task<Ok<WorkerChannelResource>> (string workspaceSid, string workerSid, string channel, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), workerSid, channel), http.RequestAborted)))
        .WithName("FetchWorkerChannel")
        .WithSummary("Fetch a worker's channel by its sid, its task channel's sid or its unique name")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
