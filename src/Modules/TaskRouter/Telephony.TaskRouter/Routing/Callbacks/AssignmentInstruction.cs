using System.Text.Json;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>What a tenant's answer to an assignment callback asks for: <c>{"instruction": "accept"}</c> and the like.</summary>
internal sealed record AssignmentInstruction(string Name, string? ActivitySid, string Json)
{
    /// <summary>Null for an empty or non-JSON answer, or a JSON one without an instruction: the reservation waits for the API.</summary>
    public static AssignmentInstruction? Parse(string answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("instruction", out var instruction)
                || instruction.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var activitySid = root.TryGetProperty("activity_sid", out var activity) && activity.ValueKind == JsonValueKind.String
                ? activity.GetString()
                : null;
            return new AssignmentInstruction(instruction.GetString()!.Trim().ToLowerInvariant(), activitySid, root.GetRawText());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
