using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Telephony.SharedKernel.Web;

public static class ApiRoutes
{
    /// <summary>
    /// A group of tenant routes: authenticated, form posts without antiforgery (the API is called by
    /// servers with Basic credentials, not by browsers holding cookies), and the error answers every
    /// route shares in the OpenAPI document.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag) =>
        endpoints.MapGroup(prefix)
            .RequireAuthorization()
            .DisableAntiforgery()
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
