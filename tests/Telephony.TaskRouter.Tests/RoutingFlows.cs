using System.Net;
using System.Text.Json;

namespace Telephony.TaskRouter.Tests;

/// <summary>Drives the assignment engine the way a tenant does: available workers, reservations, accepts.</summary>
internal static class RoutingFlows
{
    public static async Task<string> CreateAvailableWorkerAsync(this HttpClient client, string workspaceSid, string friendlyName = "Alice", string attributes = "{}")
    {
        var available = await client.ActivitySidAsync(workspaceSid, "Available");
        return (await client.CreateAsync(workspaceSid, "Workers", ("FriendlyName", friendlyName), ("ActivitySid", available), ("Attributes", attributes))).Sid();
    }

    public static async Task<List<JsonElement>> ReservationsAsync(this HttpClient client, string workspaceSid, string parent, string status = "")
    {
        var query = status.Length == 0 ? string.Empty : $"?ReservationStatus={status}";
        var page = await client.GetJsonAsync($"/v1/Workspaces/{workspaceSid}/{parent}/Reservations{query}");
        return [.. page.GetProperty("reservations").EnumerateArray()];
    }

    public static async Task<JsonElement> SetReservationAsync(this HttpClient client, string workspaceSid, string taskSid, string reservationSid, params (string Key, string Value)[] fields) =>
        await (await client.PostAsync($"/v1/Workspaces/{workspaceSid}/Tasks/{taskSid}/Reservations/{reservationSid}", Form.Of(fields))).ShouldBeAsync(HttpStatusCode.OK);

    /// <summary>Creates a task in a FIFO workspace with an available worker and accepts its reservation: the task is assigned.</summary>
    public static async Task<(string TaskSid, string ReservationSid)> AssignedTaskAsync(this HttpClient client, string workspaceSid, string workerName = "Alice")
    {
        await client.CreateAvailableWorkerAsync(workspaceSid, workerName);
        var task = (await client.CreateAsync(workspaceSid, "Tasks", ("Attributes", "{}"))).Sid();
        var reservation = (await client.ReservationsAsync(workspaceSid, $"Tasks/{task}", "pending")).Single().Sid();
        await client.SetReservationAsync(workspaceSid, task, reservation, ("ReservationStatus", "accepted"));
        return (task, reservation);
    }
}
