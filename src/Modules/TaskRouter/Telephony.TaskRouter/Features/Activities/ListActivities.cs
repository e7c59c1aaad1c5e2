using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Activities;

internal static class ListActivities
{
    internal sealed record Query(WorkspaceScope Scope, string? FriendlyName, bool? Available, PageRequest Page) : IQuery<Page<ActivityResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, Page<ActivityResource>>
    {
        public async ValueTask<Page<ActivityResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            await db.EnsureWorkspaceAsync(query.Scope.AccountSid, query.Scope.WorkspaceSid, cancellationToken);
            var activities = db.Activities.InWorkspace(query.Scope.AccountSid, query.Scope.WorkspaceSid);
            if (query.FriendlyName is not null)
            {
                activities = activities.Where(a => a.FriendlyName == query.FriendlyName);
            }

            if (query.Available is { } available)
            {
                activities = activities.Where(a => a.Available == available);
            }

            return await activities.ToPageAsync(query.Page, a => ActivityResource.From(a, urls), cancellationToken);
        }
    }

    internal static void Map(IEndpointRouteBuilder activities) => activities
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "FriendlyName")] string? friendlyName,
            [FromQuery(Name = "Available")] string? available,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var query = new Query(new(http.User.AccountSidOf(), workspaceSid), friendlyName, FormValues.AvailableFilter(available), request);
            return TypedResults.Ok(ListEnvelope.Create("activities", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName("ListActivities")
        .WithSummary("List a workspace's activities")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
