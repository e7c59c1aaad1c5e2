using System.ComponentModel.DataAnnotations;

namespace Telephony.TaskRouter.Routing.Callbacks;

/// <summary>How assignment callbacks are dispatched (section <c>TaskRouter:AssignmentCallbacks</c>).</summary>
internal sealed class AssignmentCallbackOptions
{
    public const string Section = "TaskRouter:AssignmentCallbacks";

    /// <summary>Callbacks waiting to be sent; past this, recording routing events waits for room rather than drop one.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Callbacks in flight at once, across all tenants.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 16;

    /// <summary>How long one URL has to answer, as Twilio allows (5 s), before the fallback URL is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most of an answer read: an instruction is a small JSON object.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxAnswerBytes { get; set; } = 64 * 1024;
}
