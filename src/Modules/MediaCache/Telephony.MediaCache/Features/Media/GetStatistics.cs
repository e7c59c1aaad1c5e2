using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telephony.MediaCache.Caching;
using Telephony.MediaCache.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Features.Media;

/// <summary>
/// <c>GET /v1/Media/Statistics</c>: the account's request counters since the process started,
/// its media by status, and the shared store's size, budget and evictions.
/// </summary>
internal static class GetStatistics
{
    internal sealed record Query(string AccountSid) : IQuery<StatisticsResource>;

    internal sealed record StatisticsResource(
        string AccountSid,
        long Hits,
        long Misses,
        long Revalidations,
        long StaleServed,
        double HitRatio,
        long FetchBytes,
        long Transcodes,
        long Failures,
        IReadOnlyDictionary<string, int> Media,
        long StoreBytes,
        long StoreFiles,
        long StoreBudgetBytes,
        long Evictions,
        string? Since);

    internal sealed class Handler(MediaCacheDb db, MediaStatistics statistics, IOptions<MediaCacheOptions> options) : IQueryHandler<Query, StatisticsResource>
    {
        private static readonly DateTime Started = DateTime.UtcNow;

        public async ValueTask<StatisticsResource> Handle(Query query, CancellationToken cancellationToken)
        {
            var counters = statistics.For(query.AccountSid);
            var byStatus = await db.Media.Where(m => m.AccountSid == query.AccountSid)
                .GroupBy(m => m.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var hits = Interlocked.Read(ref counters.Hits);
            var served = hits + Interlocked.Read(ref counters.Revalidations) + Interlocked.Read(ref counters.StaleServed);
            var total = served + Interlocked.Read(ref counters.Misses);
            return new StatisticsResource(
                query.AccountSid,
                hits,
                Interlocked.Read(ref counters.Misses),
                Interlocked.Read(ref counters.Revalidations),
                Interlocked.Read(ref counters.StaleServed),
                total == 0 ? 0 : Math.Round((double)served / total, 4),
                Interlocked.Read(ref counters.FetchBytes),
                Interlocked.Read(ref counters.Transcodes),
                Interlocked.Read(ref counters.Failures),
                Enum.GetValues<MediaStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => byStatus.FirstOrDefault(g => g.Status == s)?.Count ?? 0),
                statistics.StoreBytes,
                statistics.StoreFiles,
                options.Value.MaxBytes,
                statistics.Evictions,
                TwilioJson.Iso(Started));
        }
    }

    internal static void Map(RouteGroupBuilder media) => media
        .MapGet("/Statistics", async Task<Ok<StatisticsResource>> (HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf()), http.RequestAborted)))
        .WithName("GetMediaStatistics")
        .WithSummary("Cache statistics")
        .WithDescription("hit_ratio counts revalidated and stale answers as served from the cache. Counters run since the process started; also exported as metrics (meter Telephony.MediaCache).");
}
