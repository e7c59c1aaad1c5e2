using System.Net;

namespace Telephony.Host.Tests.Accounts;

public sealed class AccountsTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task A_created_subaccount_shows_its_token_once_and_authenticates_with_it()
    {
        using var bootstrap = app.CreateBootstrapClient();

        var created = await (await bootstrap.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", "Acme support"))))
            .ShouldBeAsync(HttpStatusCode.Created);

        var sid = created.GetProperty("sid").GetString()!;
        var token = created.GetProperty("auth_token").GetString()!;
        sid.Should().MatchRegex("^AC[0-9a-f]{32}$");
        token.Should().MatchRegex("^[0-9a-f]{32}$");
        created.GetProperty("friendly_name").GetString().Should().Be("Acme support");
        created.GetProperty("owner_account_sid").GetString().Should().Be(TelephonyApp.BootstrapSid);
        created.GetProperty("status").GetString().Should().Be("active");

        var fetched = await (await bootstrap.GetAsync($"/2010-04-01/Accounts/{sid}.json")).ShouldBeAsync(HttpStatusCode.OK);
        fetched.GetProperty("auth_token").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        using var tenant = app.CreateClient(sid, token);
        var self = await (await tenant.GetAsync($"/2010-04-01/Accounts/{sid}.json")).ShouldBeAsync(HttpStatusCode.OK);
        self.GetProperty("sid").GetString().Should().Be(sid);
    }

    [Fact]
    public async Task Another_accounts_resource_is_a_404_indistinguishable_from_a_missing_one()
    {
        using var alice = await app.CreateTenantAsync("alice");
        using var bob = await app.CreateTenantAsync("bob");

        var foreign = await alice.Client.GetAsync($"/2010-04-01/Accounts/{bob.AccountSid}.json");
        var missing = await alice.Client.GetAsync("/2010-04-01/Accounts/AC00000000000000000000000000000000.json");

        var foreignProblem = await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var missingProblem = await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        foreignProblem.GetProperty("code").GetInt32().Should().Be(missingProblem.GetProperty("code").GetInt32());
        foreignProblem.GetProperty("title").GetString().Should().Be(missingProblem.GetProperty("title").GetString());

        var update = await alice.Client.PostAsync($"/2010-04-01/Accounts/{bob.AccountSid}.json", Form.Of(("FriendlyName", "mine now")));
        await update.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_shows_the_caller_and_its_subaccounts_only_with_paging()
    {
        using var bootstrap = app.CreateBootstrapClient();
        using var tenant = await app.CreateTenantAsync("lister");
        for (var i = 0; i < 3; i++)
        {
            (await bootstrap.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", "paged")))).EnsureSuccessStatusCode();
        }

        var own = await (await tenant.Client.GetAsync("/2010-04-01/Accounts.json")).ShouldBeAsync(HttpStatusCode.OK);
        own.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("sid").GetString())
            .Should().Equal(tenant.AccountSid);

        var seen = new List<string>();
        var next = "/2010-04-01/Accounts.json?FriendlyName=paged&PageSize=2";
        while (next is not null)
        {
            var page = await (await bootstrap.GetAsync(next)).ShouldBeAsync(HttpStatusCode.OK);
            page.GetProperty("accounts").GetArrayLength().Should().BeLessThanOrEqualTo(2);
            seen.AddRange(page.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("sid").GetString()!));
            next = page.GetProperty("next_page_uri").GetString();
        }

        seen.Should().HaveCount(3).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_subaccount_cannot_create_subaccounts()
    {
        using var tenant = await app.CreateTenantAsync("parent");

        var response = await tenant.Client.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", "child")));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_closed_account_cannot_be_reopened()
    {
        using var bootstrap = app.CreateBootstrapClient();
        using var tenant = await app.CreateTenantAsync("closing");

        (await bootstrap.PostAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json", Form.Of(("Status", "closed")))).EnsureSuccessStatusCode();
        var reopen = await bootstrap.PostAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json", Form.Of(("Status", "active")));

        var problem = await reopen.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("errors").TryGetProperty("Status", out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_status_is_a_400_naming_the_field()
    {
        using var bootstrap = app.CreateBootstrapClient();
        using var tenant = await app.CreateTenantAsync("status");

        var response = await bootstrap.PostAsync($"/2010-04-01/Accounts/{tenant.AccountSid}.json", Form.Of(("Status", "paused")));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("Status")[0].GetString().Should().Contain("active, suspended, closed");
    }
}
