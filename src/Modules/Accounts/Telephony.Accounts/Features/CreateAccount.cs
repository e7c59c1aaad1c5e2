using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Telephony.Accounts.Data;
using Telephony.Accounts.Signing;
using Telephony.SharedKernel.Ids;
using Telephony.SharedKernel.Tenancy;
using Telephony.SharedKernel.Web;

namespace Telephony.Accounts.Features;

internal static class CreateAccount
{
    internal sealed record Command(string OwnerAccountSid, string? FriendlyName) : ICommand<AccountResource>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.FriendlyName).MaximumLength(AccountRules.MaxFriendlyNameLength).OverridePropertyName("FriendlyName");
    }

    internal sealed class Handler(AccountsDb db, TimeProvider clock, SigningTokens signingTokens) : ICommandHandler<Command, AccountResource>
    {
        public async ValueTask<AccountResource> Handle(Command command, CancellationToken cancellationToken)
        {
            var owner = await db.Accounts.FindAsync([command.OwnerAccountSid], cancellationToken)
                ?? throw ApiException.NotFound("Account", command.OwnerAccountSid);
            if (owner.OwnerAccountSid is not null)
            {
                throw ApiException.Forbidden("A subaccount cannot create subaccounts; use the main account's credentials.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var token = AccountRules.NewAuthToken();
            var account = new Account
            {
                Sid = Sid.New("AC"),
                OwnerAccountSid = owner.Sid,
                FriendlyName = string.IsNullOrWhiteSpace(command.FriendlyName)
                    ? $"SubAccount Created at {now:yyyy-MM-dd HH:mm}"
                    : command.FriendlyName,
                Status = AccountStatus.Active,
                AuthTokenHash = AccountRules.Hash(token),
                ProtectedAuthToken = signingTokens.Protect(token),
                DateCreated = now,
                DateUpdated = now,
            };
            db.Accounts.Add(account);
            await db.SaveChangesAsync(cancellationToken);
            return AccountResource.From(account, token);
        }
    }

    internal static void Map(IEndpointRouteBuilder accounts) => accounts
        .MapPost("/Accounts.json", async Task<Created<AccountResource>> (
            [FromForm(Name = "FriendlyName")] string? friendlyName,
            HttpContext http,
            ISender sender) =>
        {
            var account = await sender.Send(new Command(http.User.AccountSidOf(), friendlyName), http.RequestAborted);
            return TypedResults.Created(account.Uri, account);
        })
        .WithName("CreateAccount")
        .WithResponseExample(StatusCodes.Status201Created, AccountResource.Example)
        .WithFormExample(("FriendlyName", "Acme support"))
        .WithSummary("Create a subaccount")
        .WithDescription("Creates a tenant account owned by the caller. The answer is the only time its auth_token is shown.")
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
