using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Telephony.TaskRouter.Tests.Callbacks;

/// <summary>A FIFO workspace whose workflow calls a tenant's server on each reservation, and ways to watch what follows.</summary>
internal static class CallbackFlows
{
    public static async Task<(string WorkspaceSid, string WorkflowSid)> CallbackWorkspaceAsync(this HttpClient client, Uri callbackUrl, Uri? fallbackUrl = null)
    {
        var ws = await client.CreateWorkspaceSidAsync(template: "FIFO");
        var workflow = (await client.ListSidsAsync($"/v1/Workspaces/{ws}/Workflows", "workflows")).Single();
        var fields = new List<(string, string)> { ("AssignmentCallbackUrl", callbackUrl.ToString()) };
        if (fallbackUrl is not null)
        {
            fields.Add(("FallbackAssignmentCallbackUrl", fallbackUrl.ToString()));
        }

        await (await client.PostAsync($"/v1/Workspaces/{ws}/Workflows/{workflow}", Form.Of([.. fields]))).ShouldBeAsync(HttpStatusCode.OK);
        return (ws, workflow);
    }

    /// <summary>Creates an available worker and a task for it: the task is reserved for the worker.</summary>
    public static async Task<(string TaskSid, string WorkerSid)> ReservedTaskAsync(this HttpClient client, string workspaceSid, string workerName = "Alice")
    {
        var worker = await client.CreateAvailableWorkerAsync(workspaceSid, workerName);
        var task = (await client.CreateAsync(workspaceSid, "Tasks", ("Attributes", """{"type":"support"}"""))).Sid();
        return (task, worker);
    }

    public static async Task<JsonElement> OnlyReservationAsync(this HttpClient client, string workspaceSid, string taskSid) =>
        (await client.ReservationsAsync(workspaceSid, $"Tasks/{taskSid}")).Single();

    /// <summary>Polls until the task's reservation reaches the status (the callback runs in the background).</summary>
    public static Task<JsonElement> ReservationBecomesAsync(this HttpClient client, string workspaceSid, string taskSid, string status) =>
        Eventually.ValueAsync(async () =>
        {
            var reservation = await client.OnlyReservationAsync(workspaceSid, taskSid);
            return reservation.Text("reservation_status") == status ? reservation : (JsonElement?)null;
        });

    public static Task<RecordedRequest> RequestToAsync(this LoopbackServer server, string path) =>
        Eventually.ValueAsync(() => Task.FromResult(server.Requests.FirstOrDefault(r => r.Path == path)));

    public static Dictionary<string, string> FormOf(RecordedRequest request) =>
        QueryHelpers.ParseQuery(request.Body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>Waits for something the host does in the background, with a generous deadline (never a timing assertion).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The awaited outcome did not happen in time.");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe)
        where T : struct
    {
        var boxed = await ValueAsync<object>(async () => await probe() is { } value ? value : null);
        return (T)boxed;
    }
}
