using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Features;

/// <summary>Tenancy and lookups: a row of another account, or of another workspace, is a 404.</summary>
internal static class Owned
{
    public static async Task<Workspace> WorkspaceAsync(this TaskRouterDb db, string accountSid, string workspaceSid, CancellationToken cancellationToken) =>
        await db.Workspaces.SingleOrDefaultAsync(w => w.Sid == workspaceSid && w.AccountSid == accountSid, cancellationToken)
            ?? throw ApiException.NotFound("Workspace", workspaceSid);

    /// <summary>Throws a 404 unless the account owns the workspace; lists call it so that a foreign workspace is not an empty list.</summary>
    public static async Task EnsureWorkspaceAsync(this TaskRouterDb db, string accountSid, string workspaceSid, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Sid == workspaceSid && w.AccountSid == accountSid, cancellationToken))
        {
            throw ApiException.NotFound("Workspace", workspaceSid);
        }
    }

    public static IQueryable<T> InWorkspace<T>(this IQueryable<T> rows, string accountSid, string workspaceSid)
        where T : WorkspaceChild =>
        rows.Where(r => r.AccountSid == accountSid && r.WorkspaceSid == workspaceSid);

    public static async Task<T> SingleAsync<T>(this IQueryable<T> rows, WorkspaceScope scope, string sid, string resource, CancellationToken cancellationToken)
        where T : WorkspaceChild =>
        await rows.InWorkspace(scope.AccountSid, scope.WorkspaceSid).SingleOrDefaultAsync(r => r.Sid == sid, cancellationToken)
            ?? throw ApiException.NotFound(resource, sid);

    /// <summary>A sid given in a field (ActivitySid, ReservationActivitySid) that names nothing in the workspace is the caller's mistake: a 400 naming the field.</summary>
    public static async Task<T> ReferencedAsync<T>(this IQueryable<T> rows, WorkspaceScope scope, string sid, string field, CancellationToken cancellationToken)
        where T : WorkspaceChild =>
        await rows.InWorkspace(scope.AccountSid, scope.WorkspaceSid).SingleOrDefaultAsync(r => r.Sid == sid, cancellationToken)
            ?? throw ApiException.Invalid(field, $"{sid} is not in workspace {scope.WorkspaceSid}");

    /// <summary>Refuses a create that would pass one of Twilio's per-workspace limits.</summary>
    public static async Task EnsureBelowLimitAsync<T>(this IQueryable<T> rows, WorkspaceScope scope, int limit, string what, CancellationToken cancellationToken)
        where T : WorkspaceChild
    {
        if (await rows.InWorkspace(scope.AccountSid, scope.WorkspaceSid).CountAsync(cancellationToken) >= limit)
        {
            throw LimitReached($"Workspace {scope.WorkspaceSid} already has the maximum of {limit} {what}.");
        }
    }

    public static ApiException LimitReached(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidParameter, message);

    /// <summary>Saves, turning a unique-index race (two creates of one name at once) into the same 409 the pre-check gives.</summary>
    public static async Task SaveUniqueAsync(this TaskRouterDb db, string field, string message, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            throw ApiException.Conflict(message, field);
        }
    }
}

/// <summary>The account and workspace a request acts in.</summary>
internal sealed record WorkspaceScope(string AccountSid, string WorkspaceSid);
