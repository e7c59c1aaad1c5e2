using System.Net;
using System.Text;

namespace Telephony.Host.Tests.Conventions;

public sealed class ApiConventionTests(TelephonyApp app) : IClassFixture<TelephonyApp>
{
    [Fact]
    public async Task An_over_long_field_is_a_400_that_names_the_field_and_writes_nothing()
    {
        using var bootstrap = app.CreateBootstrapClient();
        var name = new string('x', 65);

        var response = await bootstrap.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", name)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetInt32().Should().Be(20001);
        problem.GetProperty("errors").GetProperty("FriendlyName")[0].GetString().Should().Contain("64");
        var list = await (await bootstrap.GetAsync($"/2010-04-01/Accounts.json?FriendlyName={name}")).ShouldBeAsync(HttpStatusCode.OK);
        list.GetProperty("accounts").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_json_body_where_a_form_is_expected_is_a_415()
    {
        using var bootstrap = app.CreateBootstrapClient();

        var response = await bootstrap.PostAsync("/2010-04-01/Accounts.json", new StringContent("{\"FriendlyName\":", Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        using var bootstrap = app.CreateBootstrapClient();
        var huge = new string('a', 3 * 1024 * 1024);

        var response = await bootstrap.PostAsync("/2010-04-01/Accounts.json", Form.Of(("FriendlyName", huge)));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("PageSize=0", "PageSize")]
    [InlineData("PageSize=1001", "PageSize")]
    [InlineData("Page=-1", "Page")]
    [InlineData("PageToken=garbage", "PageToken")]
    // A token edited by the client: its offset parses, its date does not.
    [InlineData("PageToken=PTMApub3QtYS1kYXRlCkFDMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDE", "PageToken")]
    public async Task Bad_paging_is_a_400_naming_the_parameter(string query, string field)
    {
        using var bootstrap = app.CreateBootstrapClient();

        var response = await bootstrap.GetAsync($"/2010-04-01/Accounts.json?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_404()
    {
        using var bootstrap = app.CreateBootstrapClient();

        var response = await bootstrap.GetAsync("/v1/NoSuchThing");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_echoes_a_sane_one()
    {
        using var anonymous = app.CreateClient();

        var generated = await anonymous.GetAsync("/health/live");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "caller-42");
        var echoed = await anonymous.SendAsync(request);

        generated.Headers.GetValues("X-Request-Id").Single().Should().MatchRegex("^RQ[0-9a-f]{32}$");
        echoed.Headers.GetValues("X-Request-Id").Single().Should().Be("caller-42");
    }

    [Fact]
    public async Task Problems_carry_the_request_id()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/2010-04-01/Accounts.json");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("request_id").GetString().Should().Be(response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes_with_Basic_authentication()
    {
        using var anonymous = app.CreateClient();

        var document = await (await anonymous.GetAsync("/openapi/v1.json")).ShouldBeAsync(HttpStatusCode.OK);

        document.GetProperty("paths").TryGetProperty("/2010-04-01/Accounts.json", out var accounts).Should().BeTrue();
        accounts.GetProperty("post").GetProperty("security").GetArrayLength().Should().Be(1);
        accounts.GetProperty("post").GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("sid").GetString().Should().StartWith("AC");
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("basic").GetProperty("scheme").GetString()
            .Should().Be("basic");
    }

    [Fact]
    public async Task Swagger_UI_is_served_and_points_at_the_document()
    {
        using var anonymous = app.CreateClient();

        var page = await anonymous.GetStringAsync("/swagger/index.html");
        var config = await anonymous.GetStringAsync("/swagger/index.js");

        page.Should().Contain("swagger-ui");
        config.Should().Contain("/openapi/v1.json");
    }

    [Fact]
    public async Task Readiness_reports_each_database_and_the_job_store()
    {
        using var anonymous = app.CreateClient();

        var ready = await (await anonymous.GetAsync("/health/ready")).ShouldBeAsync(HttpStatusCode.OK);

        ready.GetProperty("status").GetString().Should().Be("Healthy");
        var checks = ready.GetProperty("checks");
        checks.TryGetProperty("database:accounts", out _).Should().BeTrue();
        checks.TryGetProperty("hangfire", out _).Should().BeTrue();
    }
}
