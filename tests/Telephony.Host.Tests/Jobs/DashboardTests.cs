using System.Net;

namespace Telephony.Host.Tests.Jobs;

public sealed class DashboardTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task The_dashboard_asks_for_credentials()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/hangfire");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task The_dashboard_opens_to_the_bootstrap_account()
    {
        using var bootstrap = app.CreateBootstrapClient();

        var page = await bootstrap.GetAsync("/hangfire");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Telephony jobs");
    }

    [Fact]
    public async Task The_dashboard_is_closed_to_tenants()
    {
        using var tenant = await app.CreateTenantAsync("curious");

        var response = await tenant.Client.GetAsync("/hangfire");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
