namespace Telephony.SharedKernel.Web;

/// <summary>
/// Error codes in Twilio's numbering. Codes Twilio documents link to Twilio's page; the rest are
/// ours (a URN naming the code) and are listed in docs/errors.md.
/// </summary>
public static class ErrorCodes
{
    public const int InvalidParameter = 20001;
    public const int Authenticate = 20003;
    public const int Forbidden = 20403;
    public const int NotFound = 20404;
    public const int MethodNotAllowed = 20405;
    public const int Conflict = 20409;
    public const int PreconditionFailed = 20412;
    public const int PayloadTooLarge = 20413;
    public const int UnsupportedMediaType = 20415;
    public const int Unprocessable = 20422;
    public const int TooManyRequests = 20429;
    public const int Internal = 20500;
    public const int Unavailable = 20503;

    private static readonly HashSet<int> TwilioDocumented =
        [InvalidParameter, Authenticate, Forbidden, NotFound, TooManyRequests, Internal, Unavailable];

    public static string MoreInfo(int code) => TwilioDocumented.Contains(code)
        ? $"https://www.twilio.com/docs/errors/{code}"
        : $"urn:telephony:error:{code}";

    /// <summary>The code that stands for a bare HTTP status when nothing more specific is known.</summary>
    public static int ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidParameter,
        StatusCodes.Status401Unauthorized => Authenticate,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity => Unprocessable,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => Internal,
    };
}
