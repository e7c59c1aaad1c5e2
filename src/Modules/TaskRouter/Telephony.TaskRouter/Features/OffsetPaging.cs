using Microsoft.EntityFrameworkCore;
using Telephony.SharedKernel.Web;

namespace Telephony.TaskRouter.Features;

/// <summary>Paging for lists in a caller-chosen order (Ordering), where there is no single key to seek on.</summary>
internal static class OffsetPaging
{
    public static async Task<Page<TOut>> ToOffsetPageAsync<T, TOut>(this IOrderedQueryable<T> query, PageRequest request, Func<T, TOut> map, CancellationToken cancellationToken)
    {
        var offset = request.After?.Offset ?? 0;
        var rows = await query.Skip((int)Math.Min(offset, int.MaxValue)).Take(request.PageSize + 1).ToListAsync(cancellationToken);
        PageCursor? next = null;
        if (rows.Count > request.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = new PageCursor(null, null, offset + request.PageSize);
        }

        return new Page<TOut>(rows.Select(map).ToList(), next);
    }
}
