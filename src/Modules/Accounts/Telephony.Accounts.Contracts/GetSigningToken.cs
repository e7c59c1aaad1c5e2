using Mediator;

namespace Telephony.Accounts.Contracts;

/// <summary>
/// The account's auth token, for signing the requests the product sends on the account's behalf
/// (<c>X-Twilio-Signature</c> on webhooks). Null when the account is unknown, not active, or has no
/// stored copy of its token (created before tokens were kept for signing).
/// </summary>
public sealed record GetSigningToken(string AccountSid) : IQuery<string?>;
