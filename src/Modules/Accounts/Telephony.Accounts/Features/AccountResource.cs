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

    /// <summary>What the OpenAPI document shows.</summary>
    public static AccountResource Example { get; } = From(
        new Account
        {
            Sid = "AC8fa24e7b3de3e2c0ecf1c16c5f9892b0",
            OwnerAccountSid = "AC00000000000000000000000000000001",
            FriendlyName = "Acme support",
            AuthTokenHash = [],
            DateCreated = new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc),
            DateUpdated = new DateTime(2026, 11, 25, 18, 0, 0, DateTimeKind.Utc),
        },
        "64dd38b23e1db93719531e2d230f6b86");

    // The 2010-04-01 API writes dates as RFC 2822, unlike the v1 APIs' ISO 8601.
    private static string Rfc2822(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
