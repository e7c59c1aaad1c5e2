using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;

namespace Telephony.Host;

/// <summary>
/// Where settings come from, lowest precedence first: built-in defaults (so the single binary runs
/// with no file at all), the appsettings.json beside the binary, then ASP.NET's usual sources
/// (appsettings.json in the working directory, environment variables, --Key=Value arguments).
/// </summary>
internal static class HostDefaults
{
    private static readonly Dictionary<string, string?> BuiltIn = new()
    {
        ["Urls"] = "http://localhost:5080",
        ["Telephony:DataPath"] = "data",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:Hangfire"] = "Warning",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    public static void AddDefaults(this ConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = BuiltIn });
        configuration.Sources.Insert(1, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
        });
    }
}
