using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Accounts.Bootstrap;
using Telephony.Accounts.Contracts;
using Telephony.Accounts.Data;
using Telephony.Accounts.Signing;
using Telephony.SharedKernel.Ids;

namespace Telephony.Accounts.Features;

internal sealed partial class GetSigningTokenHandler(
    AccountsDb db,
    SigningTokens tokens,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<GetSigningTokenHandler> logger) : IQueryHandler<GetSigningToken, string?>
{
    public async ValueTask<string?> Handle(GetSigningToken query, CancellationToken cancellationToken)
    {
        if (!Sid.IsValid(query.AccountSid, "AC"))
        {
            return null;
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Sid == query.AccountSid, cancellationToken);
        if (account is not { Status: AccountStatus.Active })
        {
            return null;
        }

        if (account.ProtectedAuthToken is { } protectedToken)
        {
            var token = tokens.Unprotect(protectedToken);
            if (token is null)
            {
                UnreadableLog(account.Sid);
            }

            return token;
        }

        // The bootstrap account's token is in the configuration: an account made before tokens were
        // kept for signing can still sign, as long as the configured token is still its token.
        return account.IsBootstrap && bootstrap.Value.AuthToken is { } configured && AccountRules.Matches(account.AuthTokenHash, configured)
            ? configured
            : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored signing token of account {AccountSid} cannot be decrypted: the data protection keys (data folder, keys/) were lost or replaced")]
    private partial void UnreadableLog(string accountSid);
}
