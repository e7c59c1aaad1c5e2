using Microsoft.AspNetCore.Authentication;
using Telephony.Host.Jobs;
using Telephony.SharedKernel.Tenancy;

namespace Telephony.Host.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddTelephonyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccountClaims.OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AccountClaims.OperatorRole))
            .AddDashboardPolicy(configuration);
        return services;
    }
}
