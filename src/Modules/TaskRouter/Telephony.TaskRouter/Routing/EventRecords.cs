using System.Buffers;
using System.Text;
using System.Text.Json;
using Telephony.SharedKernel.Ids;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Engine;
using Telephony.TaskRouter.Engine.Model;

namespace Telephony.TaskRouter.Routing;

/// <summary>Engine events as Twilio's Event resource rows, with <c>event_data</c> named as Twilio names it.</summary>
internal static class EventRecords
{
    public static EventRecord From(JournalEntry entry)
    {
        var routingEvent = entry.Event;
        var date = routingEvent.Date.UtcDateTime;
        return new EventRecord
        {
            Sid = Sid.New("EV"),
            AccountSid = entry.AccountSid,
            WorkspaceSid = entry.WorkspaceSid,
            EventType = routingEvent.EventType,
            EventDate = date,
            DateCreated = date,
            DateUpdated = date,
            ResourceSid = routingEvent.ResourceSid,
            ResourceType = ResourceType(routingEvent.ResourceSid),
            TaskSid = routingEvent.TaskSid,
            WorkerSid = routingEvent.WorkerSid,
            ReservationSid = routingEvent.ReservationSid,
            TaskQueueSid = routingEvent.TaskQueueSid,
            WorkflowSid = routingEvent.WorkflowSid,
            Description = routingEvent.Description is { Length: > TaskRouterLimits.ReasonLength } text ? text[..TaskRouterLimits.ReasonLength] : routingEvent.Description,
            TaskAge = routingEvent.Task is { } task ? TaskAge(task, routingEvent.Date) : null,
            EventData = EventData(entry),
        };
    }

    private static long TaskAge(TaskSnapshot task, DateTimeOffset at) => Math.Max(0, (long)(at - task.CreatedAt).TotalSeconds);

    public static string ResourceType(string sid) => sid.Length < 2 ? "unknown" : sid[..2] switch
    {
        "WT" => "task",
        "WK" => "worker",
        "WR" => "reservation",
        "WQ" => "taskqueue",
        "WW" => "workflow",
        "WS" => "workspace",
        _ => "unknown",
    };

    private static string EventData(JournalEntry entry)
    {
        var routingEvent = entry.Event;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("account_sid", entry.AccountSid);
            json.WriteString("workspace_sid", entry.WorkspaceSid);
            json.WriteString("resource_sid", routingEvent.ResourceSid);
            json.WriteString("event_type", routingEvent.EventType);
            if (routingEvent.Description is { } description)
            {
                json.WriteString("event_description", description);
            }

            if (routingEvent.Task is { } task)
            {
                WriteTask(json, task, routingEvent.Date);
            }

            if (routingEvent.Reservation is { } reservation)
            {
                json.WriteString("reservation_sid", reservation.Sid);
                json.WriteString("reservation_status", reservation.Status.WireName());
            }

            if (routingEvent.Worker is { } worker)
            {
                json.WriteString("worker_sid", worker.Sid);
                json.WriteString("worker_name", worker.FriendlyName);
                json.WriteString("worker_attributes", worker.AttributesJson);
                json.WriteString("worker_activity_sid", worker.ActivitySid);
                json.WriteString("worker_activity_name", worker.ActivityName);
                json.WriteBoolean("worker_available", worker.Available);
            }

            if (routingEvent.PreviousActivity is { } left)
            {
                json.WriteString("worker_previous_activity_sid", left.Sid);
                json.WriteString("worker_previous_activity_name", left.FriendlyName);
                json.WriteNumber("worker_time_in_previous_activity", Math.Max(0, (long)left.Lasted.TotalSeconds));
                json.WriteNumber("worker_time_in_previous_activity_ms", Math.Max(0, (long)left.Lasted.TotalMilliseconds));
            }

            if (routingEvent.TaskQueueSid is { } queueSid)
            {
                json.WriteString("task_queue_sid", queueSid);
            }

            if (routingEvent.WorkflowSid is { } workflowSid)
            {
                json.WriteString("workflow_sid", workflowSid);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTask(Utf8JsonWriter json, TaskSnapshot task, DateTimeOffset at)
    {
        json.WriteString("task_sid", task.Sid);
        json.WriteString("task_attributes", task.AttributesJson);
        json.WriteNumber("task_priority", task.Priority);
        json.WriteString("task_assignment_status", task.Status.WireName());
        json.WriteNumber("task_age", TaskAge(task, at));
        json.WriteString("task_channel_unique_name", task.Channel);
        json.WriteNumber("task_version", task.Version);
        if (task.Reason is { } reason)
        {
            json.WriteString("task_canceled_reason", reason);
        }

        if (task.RoutingTarget is { } target)
        {
            json.WriteString("task_routing_target", target);
        }
    }
}
