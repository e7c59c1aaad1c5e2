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
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Features.Reservations;

internal static class ListReservations
{
    internal sealed record Query(WorkspaceScope Scope, ReservationParent Parent, ReservationState? Status, string? WorkerSid, PageRequest Page) : IQuery<Page<ReservationResource>>;

    internal sealed class Handler(TaskRouterDb db, ResourceUrls urls, RoutingEngine engine, RoutingJournal journal) : IQueryHandler<Query, Page<ReservationResource>>
    {
        public async ValueTask<Page<ReservationResource>> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = query.Scope;
            if (PendingInEngine(engine, query) is var (pending, lastEventSequence))
            {
                // Shown once recorded, so that nothing listed can be lost by a restart.
                await journal.WaitShownPersistedAsync(lastEventSequence, cancellationToken);
                return new Page<ReservationResource>([.. pending.Select(r => ReservationResource.From(ReservationResource.Recorded(r, scope), query.Parent, urls))], Next: null);
            }

            if (!IsRouted(engine, scope, query.Parent))
            {
                await EnsureParentAsync(db, scope, query.Parent, cancellationToken);
            }

            return await Of(db, scope.AccountSid, query.Parent, query.Status, query.WorkerSid)
                .ToPageAsync(query.Page, r => ReservationResource.From(r, query.Parent, urls), cancellationToken);
        }
    }

    /// <summary>
    /// A parent's reservations, found by the parent's index alone (the parent is the caller's,
    /// checked before): given the workspace as well, SQLite chose the workspace's index and read
    /// every reservation in the workspace, so listing one task's reservations grew with all the others.
    /// </summary>
    internal static IQueryable<Reservation> Of(TaskRouterDb db, string accountSid, ReservationParent parent, ReservationState? status, string? workerSid = null)
    {
        var reservations = parent.Filter(db.Reservations).Where(r => r.AccountSid == accountSid);
        reservations = status is { } only ? reservations.Where(r => r.Status == only) : reservations;
        return workerSid is null ? reservations : reservations.Where(r => r.WorkerSid == workerSid);
    }

    /// <summary>
    /// The offers a client polls for (a live task's or a worker's pending reservations, first page):
    /// only the engine holds pending reservations (a restart times them out), so it answers them
    /// without a query. Oldest first, as the stored list orders them; with the parent's last event,
    /// read after them, for the wait until they are recorded.
    /// </summary>
    private static (List<ReservationSnapshot> Pending, long? LastEventSequence)? PendingInEngine(RoutingEngine engine, Query query)
    {
        if (query is not { Status: ReservationState.Pending, Page: { Page: 0, After: null } }
            || !engine.TryGetOwned(query.Scope.AccountSid, query.Scope.WorkspaceSid, out var router))
        {
            return null;
        }

        var parent = query.Parent;
        var held = parent.Collection == "Tasks"
            ? router.GetTask(parent.Sid) is null ? null : router.GetTaskReservations(parent.Sid)
            : router.GetWorker(parent.Sid) is null ? null : router.GetActiveWorkerReservations(parent.Sid);
        var pending = held?.Where(r => r.Status == ReservationStatus.Pending && (query.WorkerSid is null || r.WorkerSid == query.WorkerSid))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Sid, StringComparer.Ordinal).ToList();
        return pending is not null && pending.Count <= query.Page.PageSize ? (pending, router.LastEventSequence(parent.Sid)) : null;
    }

    /// <summary>An active task or a worker the caller's workspace routes exists: no need to read it.</summary>
    private static bool IsRouted(RoutingEngine engine, WorkspaceScope scope, ReservationParent parent) =>
        engine.TryGetOwned(scope.AccountSid, scope.WorkspaceSid, out var router)
        && (parent.Collection == "Tasks" ? router.GetTask(parent.Sid) is not null : router.GetWorker(parent.Sid) is not null);

    /// <summary>404 for a task or worker that is not in the caller's workspace, as for any resource.</summary>
    private static async Task EnsureParentAsync(TaskRouterDb db, WorkspaceScope scope, ReservationParent parent, CancellationToken cancellationToken)
    {
        var exists = parent.Collection == "Tasks"
            ? await db.Tasks.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(t => t.Sid == parent.Sid, cancellationToken)
            : await db.Workers.InWorkspace(scope.AccountSid, scope.WorkspaceSid).AnyAsync(w => w.Sid == parent.Sid, cancellationToken);
        if (!exists)
        {
            throw ApiException.NotFound(parent.Collection == "Tasks" ? "Task" : "Worker", parent.Sid);
        }
    }

    internal static void Map(IEndpointRouteBuilder reservations, Func<string, ReservationParent> parentOf, string parentRoute, string name) => reservations
        .MapGet("", async Task<Ok<Dictionary<string, object?>>> (
            string workspaceSid,
            [FromQuery(Name = "ReservationStatus")] string? reservationStatus,
            [FromQuery(Name = "WorkerSid")] string? workerSid,
            HttpContext http,
            ISender sender) =>
        {
            var request = PageRequest.From(http.Request);
            var parent = parentOf((string)http.Request.RouteValues[parentRoute]!);
            var query = new Query(
                new(http.User.AccountSidOf(), workspaceSid),
                parent,
                FormValues.Enum<ReservationState>(reservationStatus, "ReservationStatus"),
                FormValues.Sid(workerSid, "WorkerSid", "WK"),
                request);
            return TypedResults.Ok(ListEnvelope.Create("reservations", await sender.Send(query, http.RequestAborted), request, http.Request));
        })
        .WithName(name)
        .WithSummary("List reservations, oldest first; ReservationStatus and WorkerSid filter")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
