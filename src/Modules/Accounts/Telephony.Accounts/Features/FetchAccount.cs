using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Telephony.Accounts.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Accounts.Features;

internal static class FetchAccount
{
    internal sealed record Query(string CallerAccountSid, string AccountSid) : IQuery<AccountResource>;

    internal sealed class Handler(AccountsDb db) : IQueryHandler<Query, AccountResource>
    {
        public async ValueTask<AccountResource> Handle(Query query, CancellationToken cancellationToken) =>
            AccountResource.From(await Visible(db, query.CallerAccountSid, query.AccountSid).SingleOrDefaultAsync(cancellationToken)
                ?? throw ApiException.NotFound("Account", query.AccountSid));
    }

    /// <summary>An account sees itself and the subaccounts it owns; anything else is a 404.</summary>
    internal static IQueryable<Account> Visible(AccountsDb db, string caller, string sid) =>
        db.Accounts.Where(a => a.Sid == sid && (a.Sid == caller || a.OwnerAccountSid == caller));

    internal static void Map(IEndpointRouteBuilder accounts) => accounts
        .MapGet("/Accounts/{AccountSid}.json", async Task<Ok<AccountResource>> (string accountSid, HttpContext http, ISender sender) =>
            TypedResults.Ok(await sender.Send(new Query(http.User.AccountSidOf(), accountSid), http.RequestAborted)))
        .WithName("FetchAccount")
        .WithResponseExample(StatusCodes.Status200OK, AccountResource.Example with { AuthToken = null })
        .WithSummary("Fetch an account")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
