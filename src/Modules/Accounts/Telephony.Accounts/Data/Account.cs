using Telephony.SharedKernel.Persistence;

namespace Telephony.Accounts.Data;

internal enum AccountStatus
{
    Active,
    Suspended,
    Closed,
}

internal sealed class Account : IListable
{
    public required string Sid { get; init; }

    /// <summary>The account that created this one; null for the bootstrap account.</summary>
    public string? OwnerAccountSid { get; init; }

    public required string FriendlyName { get; set; }

    public AccountStatus Status { get; set; }

    /// <summary>SHA-256 of the auth token. The token itself is shown once, at creation, and never stored.</summary>
    public required byte[] AuthTokenHash { get; init; }

    /// <summary>
    /// The auth token encrypted with ASP.NET Core Data Protection (keys in the data folder), kept only
    /// to sign webhooks: authentication still checks <see cref="AuthTokenHash"/>. A copy of the
    /// database alone does not reveal tokens.
    /// </summary>
    public string? ProtectedAuthToken { get; set; }

    public bool IsBootstrap { get; init; }

    public DateTime DateCreated { get; init; }

    public DateTime DateUpdated { get; set; }
}
