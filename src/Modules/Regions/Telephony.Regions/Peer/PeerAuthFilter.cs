using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Telephony.Regions.Catalog;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Peer;

/// <summary>
/// Peer routes answer other regions, not tenants: they take the peer token as a bearer
/// credential instead of account credentials. With no token configured the peer protocol is off.
/// </summary>
internal sealed class PeerAuthFilter(RegionCatalog catalog) : IEndpointFilter
{
    public const string Scheme = "Bearer";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (string.IsNullOrEmpty(catalog.PeerToken))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The peer protocol is off: Regions:PeerToken is not set.");
        }

        if (!AuthenticationHeaderValue.TryParse(context.HttpContext.Request.Headers.Authorization, out var header)
            || !Scheme.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header.Parameter), Encoding.UTF8.GetBytes(catalog.PeerToken)))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = Scheme;
            throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.Authenticate, "Peer routes take the region peer token as a bearer credential.");
        }

        return next(context);
    }
}
