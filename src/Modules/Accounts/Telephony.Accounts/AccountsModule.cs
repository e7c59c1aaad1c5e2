using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Accounts.Bootstrap;
using Telephony.Accounts.Data;
using Telephony.Accounts.Features;
using Telephony.Accounts.Signing;
using Telephony.SharedKernel.Hosting;
using Telephony.SharedKernel.Persistence;
using Telephony.SharedKernel.Web;

namespace Telephony.Accounts;

/// <summary>Accounts and credentials: every resource of the product belongs to an account.</summary>
public static class AccountsModule
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<AccountsDb>("accounts");
        services.AddMemoryCache();
        services.AddDataProtectionInDataFolder();
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.AddSingleton<IStartupTask, BootstrapAccount>();
        // Validators are stateless; building one per request compiled its rules every time.
        services.AddValidatorsFromAssemblyContaining<AccountsDb>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapApiGroup("/2010-04-01", "Accounts");
        CreateAccount.Map(accounts);
        ListAccounts.Map(accounts);
        FetchAccount.Map(accounts);
        UpdateAccount.Map(accounts);
        return endpoints;
    }
}
