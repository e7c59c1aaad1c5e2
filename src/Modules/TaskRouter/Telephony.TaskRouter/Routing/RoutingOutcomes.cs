using Telephony.SharedKernel.Web;
using Telephony.TaskRouter.Engine;

namespace Telephony.TaskRouter.Routing;

/// <summary>The engine's answers as API errors. The resource was found in the database first, so "not in the engine" means it has finished.</summary>
internal static class RoutingOutcomes
{
    public static RoutingResult OrThrow(this RoutingResult result, string? field = null) => result.Outcome switch
    {
        RoutingOutcome.Done => result,
        RoutingOutcome.PreconditionFailed => throw ApiException.PreconditionFailed($"{result.Message}: it changed since it was read. Read it again and retry."),
        RoutingOutcome.NotFound => throw ApiException.Conflict($"{result.Message}: it is no longer being routed (finished or removed).", field),
        _ => throw ApiException.Conflict(result.Message ?? "The resource is not in a state that allows this change.", field),
    };
}
