using System.Net;
using System.Net.Http.Headers;

namespace Telephony.Host.Tests.Accounts;

public sealed class AuthenticationTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task A_request_without_credentials_is_401_with_a_Basic_challenge()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/2010-04-01/Accounts.json");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Basic");
        problem.GetProperty("code").GetInt32().Should().Be(20003);
    }

    [Theory]
    [InlineData(TelephonyApp.BootstrapSid, "ffffffffffffffffffffffffffffffff")]
    [InlineData("AC00000000000000000000000000000000", TelephonyApp.BootstrapToken)]
    [InlineData("not-a-sid", "x")]
    public async Task Wrong_credentials_are_401(string accountSid, string authToken)
    {
        using var client = app.CreateClient(accountSid, authToken);

        var response = await client.GetAsync("/2010-04-01/Accounts.json");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_401_not_500()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");

        var response = await client.GetAsync("/2010-04-01/Accounts.json");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_suspended_account_is_401_until_reactivated()
    {
        using var tenant = await app.CreateTenantAsync("to suspend");
        using var bootstrap = app.CreateBootstrapClient();

        (await bootstrap.PostAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json", Form.Of(("Status", "suspended"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await (await tenant.Client.GetAsync("/2010-04-01/Accounts.json")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        (await bootstrap.PostAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json", Form.Of(("Status", "active"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await tenant.Client.GetAsync("/2010-04-01/Accounts.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Health_and_the_OpenAPI_document_need_no_credentials(string path)
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
