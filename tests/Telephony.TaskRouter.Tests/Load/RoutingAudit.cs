using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Features;
using Telephony.TaskRouter.Routing;

namespace Telephony.TaskRouter.Tests.Load;

internal sealed record AuditedReservation(string Sid, string TaskSid, string WorkerSid, string Status)
{
    public override string ToString() => $"{Status} for task {TaskSid} and worker {WorkerSid}";
}

/// <summary>The routing state of one workspace as one reader sees it: task statuses, reservations, channel capacities.</summary>
internal sealed record RoutingView(
    IReadOnlyDictionary<string, string> TaskStatuses,
    IReadOnlyList<AuditedReservation> Reservations,
    IReadOnlyDictionary<string, int> Capacities)
{
    private static readonly string[] HoldsCapacity = ["pending", "accepted", "wrapping"];
    private static readonly string[] Assigned = ["accepted", "wrapping", "completed"];

    /// <summary>Every broken rule, in words (empty when the state is consistent).</summary>
    public List<string> Violations(int maxReservedWorkers)
    {
        var violations = new List<string>();
        foreach (var worker in Reservations.Where(r => HoldsCapacity.Contains(r.Status)).GroupBy(r => r.WorkerSid))
        {
            if (worker.Count() > Capacities.GetValueOrDefault(worker.Key))
            {
                violations.Add($"worker {worker.Key} holds {worker.Count()} reservations with capacity {Capacities.GetValueOrDefault(worker.Key)}");
            }
        }

        var byTask = Reservations.ToLookup(r => r.TaskSid);
        foreach (var (task, status) in TaskStatuses)
        {
            var reservations = byTask[task].ToList();
            var pending = reservations.Count(r => r.Status == "pending");
            var assigned = reservations.Where(r => Assigned.Contains(r.Status)).Select(r => r.Status).ToList();
            var agrees = status switch
            {
                "pending" or "canceled" => pending == 0 && assigned.Count == 0,
                "reserved" => pending >= 1 && pending <= maxReservedWorkers && assigned.Count == 0,
                "assigned" => pending == 0 && assigned is ["accepted"],
                "wrapping" => pending == 0 && assigned is ["wrapping"],
                "completed" => pending == 0 && assigned is ["completed"],
                _ => false,
            };
            if (!agrees)
            {
                violations.Add($"task {task} is {status} with reservations [{string.Join(", ", reservations.Select(r => r.Status))}]");
            }
        }

        violations.AddRange(Reservations.Where(r => !TaskStatuses.ContainsKey(r.TaskSid)).Select(r => $"reservation {r.Sid} of unknown task {r.TaskSid}"));
        return violations;
    }

    /// <summary>
    /// Every way this view and <paramref name="other"/> disagree, in words (empty when they agree): each
    /// task's status, each reservation's task, worker and status, each capacity, matched by sid whatever
    /// the order. Linear: a structural equivalence of thousands of unordered reservations is quadratic.
    /// </summary>
    public List<string> DifferencesFrom(RoutingView other, string name, string otherName)
    {
        var differences = new List<string>();
        Compare("task", TaskStatuses, other.TaskStatuses);
        Compare("reservation", BySid(Reservations, name), BySid(other.Reservations, otherName));
        Compare("capacity of worker", Capacities, other.Capacities);
        return differences;

        Dictionary<string, AuditedReservation> BySid(IEnumerable<AuditedReservation> reservations, string viewName)
        {
            var bySid = new Dictionary<string, AuditedReservation>(StringComparer.Ordinal);
            foreach (var reservation in reservations)
            {
                if (!bySid.TryAdd(reservation.Sid, reservation))
                {
                    differences.Add($"reservation {reservation.Sid}: {viewName} has it more than once");
                }
            }

            return bySid;
        }

        void Compare<T>(string what, IReadOnlyDictionary<string, T> mine, IReadOnlyDictionary<string, T> theirs)
        {
            foreach (var (sid, value) in mine)
            {
                if (!theirs.TryGetValue(sid, out var their))
                {
                    differences.Add($"{what} {sid}: {name} has {value}, {otherName} nothing");
                }
                else if (!EqualityComparer<T>.Default.Equals(value, their))
                {
                    differences.Add($"{what} {sid}: {name} has {value}, {otherName} {their}");
                }
            }

            differences.AddRange(theirs.Where(entry => !mine.ContainsKey(entry.Key)).Select(entry => $"{what} {entry.Key}: {name} has nothing, {otherName} {entry.Value}"));
        }
    }

    /// <summary>The state as the API shows it: every task, every worker's reservations and channel.</summary>
    public static async Task<RoutingView> ThroughApiAsync(HttpClient client, string workspaceSid, IEnumerable<string> workerSids)
    {
        var workspace = $"/v1/Workspaces/{workspaceSid}";
        var tasks = (await AllAsync(client, $"{workspace}/Tasks?PageSize=1000", "tasks"))
            .ToDictionary(t => t.Sid(), t => t.Text("assignment_status"), StringComparer.Ordinal);
        var reservations = new List<AuditedReservation>();
        var capacities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var worker in workerSids)
        {
            reservations.AddRange((await AllAsync(client, $"{workspace}/Workers/{worker}/Reservations?PageSize=1000", "reservations"))
                .Select(r => new AuditedReservation(r.Sid(), r.Text("task_sid"), r.Text("worker_sid"), r.Text("reservation_status"))));
            capacities[worker] = (await client.GetJsonAsync($"{workspace}/Workers/{worker}/Channels/default")).GetProperty("configured_capacity").GetInt32();
        }

        return new RoutingView(tasks, reservations, capacities);
    }

    /// <summary>The state as the database holds it.</summary>
    public static async Task<RoutingView> InDatabaseAsync(IServiceProvider services, string workspaceSid)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRouterDb>();
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.WorkspaceSid == workspaceSid).ToListAsync();
        var reservations = await db.Reservations.AsNoTracking().Where(r => r.WorkspaceSid == workspaceSid).ToListAsync();
        var channels = await db.WorkerChannels.AsNoTracking().Where(c => c.WorkspaceSid == workspaceSid && c.TaskChannel.UniqueName == "default").ToListAsync();
        return new RoutingView(
            tasks.ToDictionary(t => t.Sid, t => WireNames.Of(t.AssignmentStatus), StringComparer.Ordinal),
            [.. reservations.Select(r => new AuditedReservation(r.Sid, r.TaskSid, r.WorkerSid, WireNames.Of(r.Status)))],
            channels.ToDictionary(c => c.WorkerSid, c => c.Capacity, StringComparer.Ordinal));
    }

    /// <summary>The engine's own audit, and every task it still holds compared with its database row and reservations.</summary>
    public static List<string> EngineAgainst(IServiceProvider services, string workspaceSid, RoutingView database)
    {
        var router = services.GetRequiredService<RoutingEngine>().For(workspaceSid);
        var violations = router.FindInvariantViolations().Select(v => $"engine: {v}").ToList();
        var stored = database.Reservations.ToLookup(r => r.TaskSid);
        foreach (var task in router.GetTasks())
        {
            var status = WireNames.Of(JournalBatch.Status(task.Status));
            if (database.TaskStatuses.GetValueOrDefault(task.Sid) != status)
            {
                violations.Add($"task {task.Sid}: engine says {status}, database {database.TaskStatuses.GetValueOrDefault(task.Sid) ?? "nothing"}");
            }

            var inEngine = router.GetTaskReservations(task.Sid).Select(r => $"{r.Sid}={WireNames.Of(JournalBatch.State(r.Status))}").Order(StringComparer.Ordinal);
            var inDatabase = stored[task.Sid].Select(r => $"{r.Sid}={r.Status}").Order(StringComparer.Ordinal);
            if (!inEngine.SequenceEqual(inDatabase))
            {
                violations.Add($"task {task.Sid}: engine reservations [{string.Join(", ", inEngine)}], database [{string.Join(", ", inDatabase)}]");
            }
        }

        return violations;
    }

    private static async Task<List<JsonElement>> AllAsync(HttpClient client, string firstPage, string key)
    {
        var items = new List<JsonElement>();
        for (string? next = firstPage; next is not null;)
        {
            var page = await client.GetJsonAsync(next);
            items.AddRange(page.GetProperty(key).EnumerateArray());
            next = page.GetProperty("meta").GetProperty("next_page_url").GetString();
        }

        return items;
    }
}
