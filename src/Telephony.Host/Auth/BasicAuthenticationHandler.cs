using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Telephony.Accounts.Contracts;
using Telephony.SharedKernel.Tenancy;

namespace Telephony.Host.Auth;

/// <summary>Twilio's authentication: HTTP Basic with the AccountSid as user and the AuthToken as password.</summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ISender sender,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (!TryDecode(header.Parameter, out var accountSid, out var authToken))
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        var account = await sender.Send(new AuthenticateAccount(accountSid, authToken), Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("Unknown, wrong or inactive credentials.");
        }

        List<Claim> claims = [new(AccountClaims.AccountSid, account.Sid), new(ClaimTypes.Name, account.Sid)];
        if (account.IsOperator)
        {
            claims.Add(new Claim(ClaimTypes.Role, AccountClaims.OperatorRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Telephony\", charset=\"UTF-8\"";
        await WriteProblem("Authenticate with HTTP Basic: your AccountSid as the user name and your AuthToken as the password.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblem("This route is for the operator's bootstrap account only.");
    }

    private Task WriteProblem(string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Detail = detail },
    }).AsTask();

    private static bool TryDecode(string? parameter, out string accountSid, out string authToken)
    {
        accountSid = authToken = string.Empty;
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 512)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var written))
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(bytes[..written]);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        accountSid = pair[..colon];
        authToken = pair[(colon + 1)..];
        return true;
    }
}
