using Telephony.SharedKernel.Ids;

namespace Telephony.Host.Web;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is sane, else a new one.
/// It is echoed on the response, set as the trace identifier (problem details carry it) and put
/// in the logging scope, so every log line of the request names it.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        string? given = context.Request.Headers[Header];
        var id = given is { Length: > 0 and <= 128 } && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Sid.New("RQ");
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        using (logger.BeginScope("RequestId:{RequestId}", id))
        {
            await next(context);
        }
    }
}
