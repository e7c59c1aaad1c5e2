using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Telephony.Accounts.Contracts;
using Telephony.Accounts.Data;
using Telephony.SharedKernel.Ids;

namespace Telephony.Accounts.Features;

internal sealed class AuthenticateAccountHandler(AccountsDb db, IMemoryCache credentials) : IQueryHandler<AuthenticateAccount, AuthenticatedAccount?>
{
    // Every API call authenticates; a short cache keeps that off the database. Updates evict
    // the entry, so a suspension takes effect on the next request.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private static readonly byte[] NoSuchAccount = AccountRules.Hash("not an account");

    internal static string CacheKey(string accountSid) => $"accounts:credentials:{accountSid}";

    public async ValueTask<AuthenticatedAccount?> Handle(AuthenticateAccount query, CancellationToken cancellationToken)
    {
        if (!Sid.IsValid(query.AccountSid, "AC"))
        {
            return null;
        }

        var account = await credentials.GetOrCreateAsync(CacheKey(query.AccountSid), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Sid == query.AccountSid, cancellationToken);
        });

        // Compare even when the account is unknown, so timing does not tell which sids exist.
        var matches = AccountRules.Matches(account?.AuthTokenHash ?? NoSuchAccount, query.AuthToken);
        return matches && account is { Status: AccountStatus.Active }
            ? new AuthenticatedAccount(account.Sid, account.FriendlyName, account.IsBootstrap)
            : null;
    }
}
