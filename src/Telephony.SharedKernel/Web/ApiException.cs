namespace Telephony.SharedKernel.Web;

/// <summary>
/// A failure the caller can act on. Rendered as RFC 7807 problem details that also carry
/// Twilio's error fields (<c>code</c>, <c>message</c>, <c>more_info</c>, <c>status</c>).
/// </summary>
public sealed class ApiException(int status, int code, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    /// <summary>The request field the problem is about, when there is one.</summary>
    public string? Field { get; } = field;

    public static ApiException NotFound(string resource, string sid) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"The requested resource {resource} {sid} was not found");

    public static ApiException Invalid(string field, string reason) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidParameter, $"{field}: {reason}", field);

    public static ApiException Conflict(string message, string? field = null) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message, field);

    public static ApiException Unprocessable(string message, string? field = null) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.Unprocessable, message, field);

    public static ApiException PreconditionFailed(string message) =>
        new(StatusCodes.Status412PreconditionFailed, ErrorCodes.PreconditionFailed, message, "If-Match");

    public static ApiException Forbidden(string message) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);
}
