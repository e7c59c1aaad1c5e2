using System.Globalization;
using Telephony.Accounts.Data;

namespace Telephony.Accounts.Features;

/// <summary>An account as Twilio's 2010-04-01 API writes it.</summary>
internal sealed record AccountResource(
    string Sid,
    string? OwnerAccountSid,
    string FriendlyName,
    string Status,
    string Type,
    string? AuthToken,
    string DateCreated,
    string DateUpdated,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris)
{
    public static AccountResource From(Account account, string? authToken = null) => new(
        account.Sid,
        account.OwnerAccountSid ?? account.Sid,
        account.FriendlyName,
        account.Status.ToString().ToLowerInvariant(),
        "Full",
        authToken,
        Rfc2822(account.DateCreated),
        Rfc2822(account.DateUpdated),
        $"/2010-04-01/Accounts/{account.Sid}.json",
        new Dictionary<string, string>
        {
            ["taskrouter_workspaces"] = "/v1/Workspaces",
            ["media"] = "/v1/Media",
            ["sessions"] = "/v1/Sessions",
            ["recordings"] = "/v1/Recordings",
        });

    // The 2010-04-01 API writes dates as RFC 2822, unlike the v1 APIs' ISO 8601.
    private static string Rfc2822(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
