namespace Telephony.TaskRouter.Expressions;

/// <summary>What an expression reads: unprefixed keys, <c>task.</c>, <c>worker.</c>, <c>workers.</c> and the clock.</summary>
/// <remarks>A prefix whose attributes are not given reads as null, so <c>task.x == null</c> holds.</remarks>
internal sealed class ExpressionContext
{
    public AttributeSet? Default { get; init; }

    public AttributeSet? Task { get; init; }

    public AttributeSet? Worker { get; init; }

    public AttributeSet? Workers { get; init; }

    /// <summary>The instant <c>taskrouter.currentTime</c> and friends read, in UTC.</summary>
    public DateTimeOffset Now { get; init; }
}
