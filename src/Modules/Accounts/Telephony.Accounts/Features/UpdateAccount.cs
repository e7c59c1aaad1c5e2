using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Telephony.Accounts.Data;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Accounts.Features;

internal static class UpdateAccount
{
    internal sealed record Command(string CallerAccountSid, string AccountSid, string? FriendlyName, string? Status) : ICommand<AccountResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FriendlyName).MaximumLength(AccountRules.MaxFriendlyNameLength).OverridePropertyName("FriendlyName");
            RuleFor(c => c.Status)
                .Must(status => status is null || Enum.TryParse<AccountStatus>(status, ignoreCase: true, out _))
                .WithMessage("must be one of active, suspended, closed")
                .OverridePropertyName("Status");
        }
    }

    internal sealed class Handler(AccountsDb db, TimeProvider clock, IMemoryCache credentials) : ICommandHandler<Command, AccountResource>
    {
        public async ValueTask<AccountResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var account = await FetchAccount.Visible(db, command.CallerAccountSid, command.AccountSid).SingleOrDefaultAsync(cancellationToken)
                ?? throw ApiException.NotFound("Account", command.AccountSid);
            if (command.FriendlyName is not null)
            {
                account.FriendlyName = command.FriendlyName;
            }

            if (command.Status is not null)
            {
                account.Status = NextStatus(account, Enum.Parse<AccountStatus>(command.Status, ignoreCase: true), command.CallerAccountSid);
            }

            account.DateUpdated = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            credentials.Remove(AuthenticateAccountHandler.CacheKey(account.Sid));
            return AccountResource.From(account);
        }

        private static AccountStatus NextStatus(Account account, AccountStatus wanted, string caller)
        {
            if (wanted == account.Status)
            {
                return wanted;
            }

            if (account.OwnerAccountSid != caller)
            {
                throw ApiException.Forbidden("Only the owning account can change an account's status.");
            }

            if (account.Status == AccountStatus.Closed)
            {
                throw ApiException.Conflict("A closed account cannot be reopened.", "Status");
            }

            return wanted;
        }
    }

    internal static void Map(IEndpointRouteBuilder accounts) => accounts
        .MapPost("/Accounts/{AccountSid}.json", async Task<Ok<AccountResource>> (
            string accountSid,
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            [FromForm(Name = "Status")] string? status,
            HttpContext http,
            ISender sender) =>
            TypedResults.Ok(await sender.Send(new Command(http.User.AccountSidOf(), accountSid, friendlyName, status), http.RequestAborted)))
        .WithName("UpdateAccount")
        .WithResponseExample(StatusCodes.Status200OK, AccountResource.Example with { AuthToken = null })
        .WithFormExample(("FriendlyName", "Acme support"), ("Status", "suspended"))
        .WithSummary("Rename an account, or suspend, reactivate or close a subaccount")
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
