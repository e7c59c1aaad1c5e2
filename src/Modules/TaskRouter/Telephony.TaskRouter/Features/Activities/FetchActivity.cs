using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Tenancy;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Activities;

internal static class FetchActivity
{
    internal sealed record Query(WorkspaceScope Scope, string ActivitySid) : IQuery<ActivityResource>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, ActivityResource>
    {
        public async ValueTask<ActivityResource> Handle(Query query, CancellationToken cancellationToken) =>
            ActivityResource.From(await db.Activities.SingleAsync(query.Scope, query.ActivitySid, "Activity", cancellationToken), urls);
    }

    internal static void Map(IEndpointRouteBuilder activities) => activities
        .MapGet("/{ActivitySid}", async Task<Ok<ActivityResource>> (string workspaceSid, string activitySid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(new(http.User.AccountSidOf(), workspaceSid), activitySid), http.RequestAborted)))
        .WithName("FetchActivity")
        .WithSummary("Fetch an activity")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
