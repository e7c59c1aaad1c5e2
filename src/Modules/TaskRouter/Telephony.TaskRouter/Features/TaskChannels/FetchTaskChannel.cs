using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.TaskChannels;

internal static class FetchTaskChannel
{
    internal sealed record Query(WorkspaceScope Scope, string TaskChannel) : IQuery<TaskChannelResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, TaskChannelResource>
    {
        public async ValueTask<TaskChannelResource> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(query.Scope.AccountSid, query.Scope.WorkspaceSid, cancellationToken);
            return TaskChannelResource.From(await TaskChannelResource.FindAsync(db, query.Scope, query.TaskChannel, cancellationToken), urls);
        }
    }

    internal static void Map(IEndpointRouteBuilder channels) => channels
        .MapGet("/{TaskChannel}", async Task<Ok<TaskChannelResource>> (string workspaceSid, string taskChannel, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), taskChannel), http.RequestAborted)))
        .WithName("FetchTaskChannel")
        .WithSummary("Fetch a task channel by its sid or unique name")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
