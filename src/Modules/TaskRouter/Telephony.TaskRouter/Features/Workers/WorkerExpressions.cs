using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Features.Workers;

/// <summary>What a worker looks like to a queue's TargetWorkers expression.</summary>
internal sealed record WorkerFacts(string Sid, string FriendlyName, string ActivityName, string Attributes)
{
    public static IQueryable<WorkerFacts> Of(IQueryable<Worker> workers) =>
        workers.Select(w => new WorkerFacts(w.Sid, w.FriendlyName, w.Activity.FriendlyName, w.Attributes));

    /// <summary>
    /// Unprefixed keys read the worker's attributes, as in Twilio's TargetWorkers; <c>worker.</c>
    /// also reads the worker's sid, friendly_name and activity_name.
    /// </summary>
    public bool Matches(CompiledExpression expression, DateTimeOffset now)
    {
        var attributes = AttributeSet.Parse(Attributes);
        return expression.Evaluate(new ExpressionContext
        {
            Default = attributes,
            Worker = attributes.With("sid", Sid).With("friendly_name", FriendlyName).With("activity_name", ActivityName),
            Now = now,
        });
    }
}
