using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Telephony.Testing;

/// <summary>
/// The real host, in process, over a real data folder (SQLite files, Hangfire storage, media
/// store) that lives as long as the fixture. Two instances on one folder, one after the other,
/// model a restart.
/// </summary>
public class TelephonyApp : WebApplicationFactory<Program>
{
    public const string BootstrapSid = "AC0123456789abcdef0123456789abcdef";
    public const string BootstrapToken = "0123456789abcdef0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataPath;

    public TelephonyApp()
        : this(null, null)
    {
    }

    /// <summary>A host with extra settings, or on an existing data folder (a restart).</summary>
    public static TelephonyApp Create(IDictionary<string, string?>? settings = null, string? dataPath = null) => new(settings, dataPath);

    // xunit class fixtures need exactly one public constructor; subclasses and Create use this one.
    protected TelephonyApp(IDictionary<string, string?>? settings, string? dataPath)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? NewDataPath();
        _settings = new Dictionary<string, string?>
        {
            ["Telephony:DataPath"] = DataPath,
            ["Bootstrap:AccountSid"] = BootstrapSid,
            ["Bootstrap:AuthToken"] = BootstrapToken,
            ["Outbound:AllowPrivateAddresses"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataPath { get; }

    public static string NewDataPath() => Directory.CreateTempSubdirectory("telephony-test-").FullName;

    /// <summary>A client authenticated as the bootstrap (operator) account.</summary>
    public HttpClient CreateBootstrapClient() => CreateClient(BootstrapSid, BootstrapToken);

    public HttpClient CreateClient(string accountSid, string authToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = BasicHeader(accountSid, authToken);
        return client;
    }

    public static AuthenticationHeaderValue BasicHeader(string accountSid, string authToken) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));

    /// <summary>Creates a tenant (a subaccount of the bootstrap account) and a client that acts as it.</summary>
    public async Task<Tenant> CreateTenantAsync(string friendlyName = "tenant")
    {
        using var bootstrap = CreateBootstrapClient();
        var response = await bootstrap.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", friendlyName)));
        var account = await response.ReadJsonAsync();
        var sid = account.GetProperty("sid").GetString()!;
        var token = account.GetProperty("auth_token").GetString()!;
        return new Tenant(sid, token, CreateClient(sid, token));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataPath)
        {
            TryDelete(DataPath);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>An account of the running host and a client authenticated as it.</summary>
public sealed record Tenant(string AccountSid, string AuthToken, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
