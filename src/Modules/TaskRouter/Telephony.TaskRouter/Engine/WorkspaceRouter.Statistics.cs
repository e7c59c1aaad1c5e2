using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Engine;

/// <summary>Live tasks (pending, reserved, assigned, wrapping) of a scope, as a supervisor reads them.</summary>
internal sealed record TaskFigures(
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByPriority,
    int Total,
    long LongestWaitingAge,
    string? LongestWaitingSid,
    long LongestAgeInQueue,
    string? LongestInQueueSid);

/// <summary>Workers of a scope: per activity sid, and how many are eligible (members) and available.</summary>
internal sealed record WorkerFigures(IReadOnlyDictionary<string, int> ByActivity, int Total, int Available);

internal sealed record WorkerActivityNow(string WorkerSid, string ActivitySid, DateTimeOffset Since);

// Real-time statistics: read-only views of the live state, under the lock.
internal sealed partial class WorkspaceRouter
{
    private static readonly TaskAssignmentStatus[] LiveStatuses =
        [TaskAssignmentStatus.Pending, TaskAssignmentStatus.Reserved, TaskAssignmentStatus.Assigned, TaskAssignmentStatus.Wrapping];

    /// <summary>The activities the router knows, by sid (for names in statistics).</summary>
    public IReadOnlyList<RoutingActivity> Activities()
    {
        lock (_lock)
        {
            return [.. _activities.Values];
        }
    }

    /// <summary>Live tasks of the workspace, or of one queue or workflow, optionally on one task channel.</summary>
    public TaskFigures TaskStatistics(string? queueSid = null, string? workflowSid = null, string? channel = null)
    {
        lock (_lock)
        {
            var now = Now;
            var byStatus = LiveStatuses.ToDictionary(status => status.WireName(), _ => 0, StringComparer.Ordinal);
            var byPriority = new SortedDictionary<int, int>();
            var total = 0;
            RoutingTask? longestWaiting = null;
            RoutingTask? longestInQueue = null;
            foreach (var task in _tasks.Values)
            {
                if (!task.Status.IsLive()
                    || (queueSid is not null && task.Queue?.Sid != queueSid)
                    || (workflowSid is not null && task.Workflow.Sid != workflowSid)
                    || (channel is not null && task.Channel != channel))
                {
                    continue;
                }

                total++;
                byStatus[task.Status.WireName()]++;
                byPriority[task.Priority] = byPriority.GetValueOrDefault(task.Priority) + 1;
                if (!task.Status.IsRouting())
                {
                    continue;
                }

                if (longestWaiting is null || task.CreatedAt < longestWaiting.CreatedAt)
                {
                    longestWaiting = task;
                }

                if (task.QueueEnteredAt is { } entered && (longestInQueue is null || entered < longestInQueue.QueueEnteredAt))
                {
                    longestInQueue = task;
                }
            }

            return new TaskFigures(
                byStatus,
                byPriority.ToDictionary(pair => pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value, StringComparer.Ordinal),
                total,
                longestWaiting is null ? 0 : Seconds(now - longestWaiting.CreatedAt),
                longestWaiting?.Sid,
                longestInQueue?.QueueEnteredAt is { } since ? Seconds(now - since) : 0,
                longestInQueue?.Sid);
        }
    }

    /// <summary>
    /// Workers of the workspace (or of one queue: its <c>TargetWorkers</c> members; or one worker) by activity.
    /// Without a channel a queue's figures are its incrementally kept counters; otherwise the workers are walked.
    /// </summary>
    public WorkerFigures? WorkerStatistics(string? queueSid = null, string? channel = null, string? workerSid = null)
    {
        lock (_lock)
        {
            RoutingQueue? queue = null;
            if (queueSid is not null && !_queues.TryGetValue(queueSid, out queue))
            {
                return null;
            }

            if (queue is not null && channel is null && workerSid is null)
            {
                return new WorkerFigures(new Dictionary<string, int>(queue.MembersByActivity, StringComparer.Ordinal), queue.MemberCount, queue.AvailableMemberCount);
            }

            var byActivity = new Dictionary<string, int>(StringComparer.Ordinal);
            var total = 0;
            var available = 0;
            foreach (var worker in _workers.Values)
            {
                if ((queue is not null && !worker.Queues.Contains(queue))
                    || (workerSid is not null && worker.Sid != workerSid)
                    || (channel is not null && !(worker.Channels.TryGetValue(channel, out var workerChannel) && workerChannel.Capacity > 0)))
                {
                    continue;
                }

                total++;
                byActivity[worker.Activity.Sid] = byActivity.GetValueOrDefault(worker.Activity.Sid) + 1;
                if (worker.Activity.Available && (channel is null || worker.Channels[channel].Available))
                {
                    available++;
                }
            }

            return new WorkerFigures(byActivity, total, available);
        }
    }

    /// <summary>The workers of the workspace, of one queue or one worker, with the activity each is in and since when.</summary>
    public IReadOnlyList<WorkerActivityNow> WorkerActivities(string? queueSid = null, string? workerSid = null)
    {
        lock (_lock)
        {
            RoutingQueue? queue = null;
            if (queueSid is not null && !_queues.TryGetValue(queueSid, out queue))
            {
                return [];
            }

            IEnumerable<RoutingWorker> workers = workerSid is null ? _workers.Values
                : _workers.TryGetValue(workerSid, out var one) ? [one] : [];
            return [.. workers
                .Where(worker => queue is null || worker.Queues.Contains(queue))
                .Select(worker => new WorkerActivityNow(worker.Sid, worker.Activity.Sid, worker.ActivityChangedAt))];
        }
    }

    private static long Seconds(TimeSpan age) => Math.Max(0, (long)age.TotalSeconds);
}

internal static class LiveStatus
{
    /// <summary>A task TaskRouter still works on: not yet completed or canceled.</summary>
    public static bool IsLive(this TaskAssignmentStatus status) =>
        status is not (TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled);
}
