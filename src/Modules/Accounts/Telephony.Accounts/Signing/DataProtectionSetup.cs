using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Accounts.Signing;

internal static class DataProtectionSetup
{
    public const string KeysFolder = "keys";

    /// <summary>
    /// Keys live in the data folder (<c>keys/</c>), so encrypted tokens survive restarts and move with
    /// the data. A fixed application name keeps them readable whatever directory the host runs from.
    /// </summary>
    public static IServiceCollection AddDataProtectionInDataFolder(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Telephony");
        services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((options, folder, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Folder(KeysFolder)), loggers));
        services.AddSingleton<SigningTokens>();
        return services;
    }
}
