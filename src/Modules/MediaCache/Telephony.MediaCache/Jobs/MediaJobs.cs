using System.Linq.Expressions;
using Hangfire;

namespace Telephony.MediaCache.Jobs;

/// <summary>
/// Queues this module's jobs into this host's job storage. Built on the <see cref="JobStorage"/>
/// registered for the host rather than on the shared client, whose default falls back to
/// Hangfire's process-wide current storage: with two hosts in one process (tests, regions) that
/// can be the other host's.
/// </summary>
internal sealed class MediaJobs(JobStorage storage)
{
    private readonly BackgroundJobClient _client = new(storage);

    public string Enqueue<TJob>(Expression<Func<TJob, Task>> job) => _client.Enqueue(job);
}
