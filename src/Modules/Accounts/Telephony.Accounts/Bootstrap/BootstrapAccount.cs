using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Accounts.Data;
using Telephony.Accounts.Signing;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Ids;

namespace Telephony.Accounts.Bootstrap;

/// <summary>Creates the operator's account the first time the host starts on an empty database.</summary>
internal sealed class BootstrapAccount(IOptions<BootstrapOptions> options, TimeProvider clock, SigningTokens signingTokens, ILogger<BootstrapAccount> logger) : IStartupTask
{
    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<AccountsDb>();
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = options.Value;
        var sid = string.IsNullOrEmpty(settings.AccountSid) ? Sid.New("AC") : settings.AccountSid;
        var token = string.IsNullOrEmpty(settings.AuthToken) ? AccountRules.NewAuthToken() : settings.AuthToken;
        if (!Sid.IsValid(sid, "AC"))
        {
            throw new InvalidOperationException("Bootstrap:AccountSid must be 'AC' followed by 32 lowercase hex digits.");
        }

        if (!AccountRules.IsAuthToken(token))
        {
            throw new InvalidOperationException("Bootstrap:AuthToken must be 32 lowercase hex digits.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Accounts.Add(new Account
        {
            Sid = sid,
            FriendlyName = settings.FriendlyName,
            Status = AccountStatus.Active,
            AuthTokenHash = AccountRules.Hash(token),
            ProtectedAuthToken = signingTokens.Protect(token),
            IsBootstrap = true,
            DateCreated = now,
            DateUpdated = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (string.IsNullOrEmpty(settings.AuthToken))
        {
            logger.LogWarning(
                "Created the bootstrap account {AccountSid} with the generated auth token {AuthToken}. It is shown this once: keep it now.",
                sid,
                token);
        }
        else
        {
            logger.LogInformation("Created the bootstrap account {AccountSid} from configuration.", sid);
        }
    }
}
