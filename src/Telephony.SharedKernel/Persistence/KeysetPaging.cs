using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;

namespace Telephony.SharedKernel.Persistence;

/// <summary>A row that lists in Twilio's default order: oldest first, ties broken by sid.</summary>
public interface IListable
{
    string Sid { get; }

    DateTime DateCreated { get; }
}

public static class KeysetPaging
{
    /// <summary>Reads one page in (DateCreated, Sid) order, seeking past the cursor instead of skipping rows.</summary>
    public static async Task<Page<TOut>> ToPageAsync<T, TOut>(this IQueryable<T> query, PageRequest request, Func<T, TOut> map, CancellationToken cancellationToken)
        where T : class, IListable
    {
        var after = request.After;
        var offset = after?.Offset ?? 0;
        if (after is { SortKey: { } created, Sid: not null })
        {
            var sid = after.Sid;
            query = query.Where(row => row.DateCreated > created || (row.DateCreated == created && string.Compare(row.Sid, sid) > 0));
            offset = 0;
        }

        var ordered = query.OrderBy(row => row.DateCreated).ThenBy(row => row.Sid);
        var rows = await (offset > 0 ? ordered.Skip((int)Math.Min(offset, int.MaxValue)) : ordered)
            .Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        PageCursor? next = null;
        if (rows.Count > request.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new PageCursor(last.DateCreated, last.Sid, (after?.Offset ?? 0) + request.PageSize);
        }

        return new Page<TOut>(rows.Select(map).ToList(), next);
    }
}
