using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features.Events;

internal static class ListEvents
{
    internal sealed record Query(WorkspaceScope Scope, EventFilter Filter, PageRequest Page) : IQuery<Page<EventResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls) : IQueryHandler<Query, Page<EventResource>>
    {
        public async ValueTask<Page<EventResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            await db.EnsureWorkspaceAsync(scope.AccountSid, scope.WorkspaceSid, cancellationToken);
            var events = query.Filter.Apply(db.Events.InWorkspace(scope.AccountSid, scope.WorkspaceSid));
            return await NewestFirstAsync(events, query.Page, record => EventResource.From(record, urls), cancellationToken);
        }
    }

    /// <summary>Twilio lists events newest first; pages seek past the last (date, sid) seen.</summary>
    private static async Task<Page<EventResource>> NewestFirstAsync(IQueryable<EventRecord> events, PageRequest request, Func<EventRecord, EventResource> map, CancellationToken cancellationToken)
    {
        var after = request.After;
        var offset = after?.Offset ?? 0;
        if (after is { SortKey: { } date, Sid: not null })
        {
            var sid = after.Sid;
            events = events.Where(e => e.EventDate < date || (e.EventDate == date && string.Compare(e.Sid, sid) < 0));
            offset = 0;
        }

        var ordered = events.OrderByDescending(e => e.EventDate).ThenByDescending(e => e.Sid);
        var rows = await (offset > 0 ? ordered.Skip((int)Math.Min(offset, int.MaxValue)) : ordered)
            .Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        PageCursor? next = null;
        if (rows.Count > request.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new PageCursor(last.EventDate, last.Sid, (after?.Offset ?? 0) + request.PageSize);
        }

        return new Page<EventResource>(rows.Select(map).ToList(), next);
    }

    internal static void Map(IEndpointRouteBuilder events) => events
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (string workspaceSid, HttpContext http, ISender sender, TimeProvider clock) =>
        {
            var request = PageRequest.From(http.Request);
            var filter = EventFilter.Parse(http.Request.Query, clock.GetUtcNow());
            var query = new Query(new(http.User.AccountSidOf(), workspaceSid), filter, request);
            return TypedResults.Ok(ListEnvelope.Create("events", await sender.Send(query, http.RequestAborted), request, http.Request, filter.PinnedWindow()));
        })
        .WithName("ListEvents")
        .WithSummary("List events, newest first: the 15 minutes (or Minutes) before EndDate or now, unless StartDate says otherwise; EventType, ResourceSid, TaskSid, WorkerSid, WorkflowSid, TaskQueueSid, ReservationSid and Sid filter")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
