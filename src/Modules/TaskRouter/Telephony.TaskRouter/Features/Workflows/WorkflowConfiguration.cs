using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Features.Workflows;

/// <summary>
/// Validates a workflow configuration whole: its shape, every expression, every <c>order_by</c>, and
/// that every queue it names is in the workspace. Each error names its JSON path
/// (<c>task_routing.filters[2].targets[0].expression</c>), and all errors are reported at once.
/// </summary>
internal sealed class WorkflowConfiguration
{
    public const int MaxFilters = 1000;
    public const int MaxTargets = 100;

    private static readonly HashSet<string> TargetKeys =
        ["queue", "priority", "timeout", "expression", "order_by", "skip_if", "known_worker_sid", "known_worker_friendly_name"];

    private readonly List<ValidationFailure> _errors = [];
    private readonly List<(string Path, string Sid)> _queues = [];

    private WorkflowConfiguration()
    {
    }

    /// <summary>Throws a 400 (a validation failure per problem, on the Configuration field) unless the configuration is sound.</summary>
    public static async Task ValidateAsync(string configuration, TaskRouterDb db, WorkspaceScope scope, CancellationToken cancellationToken)
    {
        var validation = new WorkflowConfiguration();
        try
        {
            using var document = JsonDocument.Parse(configuration);
            validation.Root(document.RootElement);
        }
        catch (JsonException e)
        {
            validation.Fail("$", $"is not valid JSON: {e.Message}");
        }

        var sids = validation._queues.Select(q => q.Sid).Distinct().ToList();
        var known = await db.TaskQueues.InWorkspace(scope.AccountSid, scope.WorkspaceSid)
            .Where(q => sids.Contains(q.Sid))
            .Select(q => q.Sid)
            .ToListAsync(cancellationToken);
        foreach (var (path, sid) in validation._queues.Where(q => !known.Contains(q.Sid)))
        {
            validation.Fail(path, $"task queue {sid} is not in workspace {scope.WorkspaceSid}");
        }

        if (validation._errors.Count > 0)
        {
            throw new ValidationException(validation._errors);
        }
    }

    private void Root(JsonElement root)
    {
        if (!Object(root, "$", ["task_routing"]))
        {
            return;
        }

        if (!root.TryGetProperty("task_routing", out var routing))
        {
            Fail("task_routing", "is required");
            return;
        }

        if (!Object(routing, "task_routing", ["filters", "default_filter"]))
        {
            return;
        }

        if (routing.TryGetProperty("filters", out var filters))
        {
            Filters(filters);
        }

        if (routing.TryGetProperty("default_filter", out var defaultFilter) && Object(defaultFilter, "task_routing.default_filter", ["queue"]))
        {
            Queue(defaultFilter, "task_routing.default_filter");
        }
    }

    private void Filters(JsonElement filters)
    {
        if (filters.ValueKind != JsonValueKind.Array)
        {
            Fail("task_routing.filters", "must be an array");
            return;
        }

        if (filters.GetArrayLength() > MaxFilters)
        {
            Fail("task_routing.filters", $"must have at most {MaxFilters} filters");
            return;
        }

        foreach (var (index, filter) in filters.EnumerateArray().Index())
        {
            var path = $"task_routing.filters[{index}]";
            if (!Object(filter, path, ["filter_friendly_name", "friendly_name", "expression", "targets"]))
            {
                continue;
            }

            OptionalString(filter, path, "filter_friendly_name");
            OptionalString(filter, path, "friendly_name");
            if (!filter.TryGetProperty("expression", out _))
            {
                Fail($"{path}.expression", "is required");
            }

            Expression(filter, path, "expression");
            Targets(filter, path);
        }
    }

    private void Targets(JsonElement filter, string filterPath)
    {
        var path = $"{filterPath}.targets";
        if (!filter.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array || targets.GetArrayLength() == 0)
        {
            Fail(path, "must be a non-empty array");
            return;
        }

        if (targets.GetArrayLength() > MaxTargets)
        {
            Fail(path, $"must have at most {MaxTargets} targets");
            return;
        }

        foreach (var (index, target) in targets.EnumerateArray().Index())
        {
            var targetPath = $"{path}[{index}]";
            if (!Object(target, targetPath, TargetKeys))
            {
                continue;
            }

            // Later targets inherit the queue of the target above them.
            if (index == 0 || target.TryGetProperty("queue", out _))
            {
                Queue(target, targetPath);
            }

            Integer(target, targetPath, "priority", 0, int.MaxValue);
            Integer(target, targetPath, "timeout", 0, TaskRouterLimits.MaxTaskTimeout);
            Expression(target, targetPath, "expression");
            Expression(target, targetPath, "skip_if");
            OptionalString(target, targetPath, "known_worker_sid");
            OptionalString(target, targetPath, "known_worker_friendly_name");
            if (OptionalString(target, targetPath, "order_by") is { } orderBy && !OrderBy.TryParse(orderBy, out _, out var error))
            {
                Fail($"{targetPath}.order_by", $"is not a valid order_by: {error}");
            }
        }
    }

    private void Queue(JsonElement owner, string path)
    {
        if (!owner.TryGetProperty("queue", out var queue) || queue.ValueKind != JsonValueKind.String || queue.GetString() is not { Length: > 0 } sid)
        {
            Fail($"{path}.queue", "is required: a task queue sid");
            return;
        }

        _queues.Add(($"{path}.queue", sid));
    }

    private void Expression(JsonElement owner, string path, string key)
    {
        if (OptionalString(owner, path, key) is { } text && !CompiledExpression.TryParse(text, out _, out var error))
        {
            Fail($"{path}.{key}", $"is not a valid expression: {error}");
        }
    }

    private string? OptionalString(JsonElement owner, string path, string key)
    {
        if (!owner.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail($"{path}.{key}", "must be a string");
            return null;
        }

        return value.GetString();
    }

    private void Integer(JsonElement owner, string path, string key, int min, int max)
    {
        if (owner.TryGetProperty(key, out var value) && !(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max))
        {
            Fail($"{path}.{key}", $"must be an integer from {min} to {max}");
        }
    }

    private bool Object(JsonElement element, string path, HashSet<string> keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "must be a JSON object");
            return false;
        }

        foreach (var property in element.EnumerateObject().Where(p => !keys.Contains(p.Name)))
        {
            Fail(path == "$" ? property.Name : $"{path}.{property.Name}", "is not a known key");
        }

        return true;
    }

    private void Fail(string path, string reason) => _errors.Add(new ValidationFailure("Configuration", $"{path}: {reason}"));
}
