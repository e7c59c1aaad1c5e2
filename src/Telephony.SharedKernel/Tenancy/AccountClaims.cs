using System.Security.Claims;

namespace Telephony.SharedKernel.Tenancy;

/// <summary>How the authenticated account travels on a request: every resource belongs to it.</summary>
public static class AccountClaims
{
    public const string AccountSid = "account_sid";

    /// <summary>Held by the bootstrap account only: operator routes (the Hangfire dashboard, media resources).</summary>
    public const string OperatorRole = "operator";

    public const string OperatorPolicy = "operator";

    public static string AccountSidOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(AccountSid) ?? throw new InvalidOperationException("The request has no authenticated account.");

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(OperatorRole);
}
