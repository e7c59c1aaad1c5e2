using System.Globalization;
using System.Text;
using System.Text.Json;
using Telephony.TaskRouter.Data;

namespace Telephony.TaskRouter.Routing.EventDelivery;

/// <summary>
/// The form Twilio POSTs to an <c>EventCallbackUrl</c>: the event's own fields, then the resources'
/// fields from <c>event_data</c> in Twilio's PascalCase (<c>task_attributes</c> becomes <c>TaskAttributes</c>).
/// </summary>
internal static class EventCallbackForm
{
    private static readonly HashSet<string> OwnFields = new(StringComparer.Ordinal)
    {
        "account_sid", "workspace_sid", "resource_sid", "event_type", "event_description",
    };

    public static List<KeyValuePair<string, string>> Build(EventRecord record, string workspaceName)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Sid", record.Sid),
            new("EventType", record.EventType),
            new("AccountSid", record.AccountSid),
            new("WorkspaceSid", record.WorkspaceSid),
            new("WorkspaceName", workspaceName),
            new("EventDescription", record.Description ?? $"{record.EventType} {record.ResourceSid}"),
            new("ResourceType", ResourceTypeName(record.ResourceType)),
            new("ResourceSid", record.ResourceSid),
            new("Timestamp", new DateTimeOffset(DateTime.SpecifyKind(record.EventDate, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };

        using var data = JsonDocument.Parse(record.EventData);
        foreach (var property in data.RootElement.EnumerateObject())
        {
            if (!OwnFields.Contains(property.Name))
            {
                fields.Add(new(PascalCase(property.Name), Text(property.Value)));
            }
        }

        return fields;
    }

    /// <summary>Twilio names callback resource types in PascalCase (Task, Reservation, Worker, TaskQueue, Workflow, Workspace).</summary>
    private static string ResourceTypeName(string resourceType) => resourceType switch
    {
        "task" => "Task",
        "reservation" => "Reservation",
        "worker" => "Worker",
        "taskqueue" => "TaskQueue",
        "workflow" => "Workflow",
        "workspace" => "Workspace",
        _ => resourceType,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => string.Empty,
        _ => value.GetRawText(),
    };

    private static string PascalCase(string snakeCase)
    {
        var name = new StringBuilder(snakeCase.Length);
        foreach (var word in snakeCase.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return name.ToString();
    }
}
