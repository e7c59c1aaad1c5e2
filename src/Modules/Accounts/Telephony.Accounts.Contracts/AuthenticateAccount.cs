using Mediator;

namespace Telephony.Accounts.Contracts;

/// <summary>Checks HTTP Basic credentials. Answers null for unknown, wrong or inactive credentials alike.</summary>
public sealed record AuthenticateAccount(string AccountSid, string AuthToken) : IQuery<AuthenticatedAccount?>;

/// <summary>An active account that proved its credentials.</summary>
/// <param name="IsOperator">The bootstrap account: it may use operator routes.</param>
public sealed record AuthenticatedAccount(string Sid, string FriendlyName, bool IsOperator);
