using Twilio.Clients;
using Twilio.Http;

namespace Telephony.TaskRouter.SdkTests;

/// <summary>
/// The host, and Twilio's own C# helper library pointed at it. The library addresses
/// https://taskrouter.twilio.com/v1/...; the in-process test server answers whatever host a request
/// names, so the library's unmodified requests (paths, form fields, Basic credentials) reach our routes.
/// </summary>
public sealed class SdkApp : TelephonyApp
{
    public async Task<(Tenant Tenant, ITwilioRestClient Client)> CreateTwilioClientAsync()
    {
        var tenant = await CreateTenantAsync("sdk");
        var http = new SystemNetHttpClient(CreateClient());
        return (tenant, new TwilioRestClient(tenant.AccountSid, tenant.AuthToken, httpClient: http));
    }
}
