using Telephony.SharedKernel.Web;

namespace Telephony.MediaCache.Processing;

/// <summary>
/// Failures of a media request, with Twilio's codes where Twilio has one (11200 HTTP retrieval
/// failure, 12300 invalid Content-Type). A 5xx is transient (the origin or the network); a 4xx
/// is the media's own fault and is not retried.
/// </summary>
internal static class MediaErrors
{
    public const int RetrievalFailure = 11200;
    public const int InvalidContentType = 12300;

    public static ApiException Refused(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, RetrievalFailure, $"The origin was not fetched: {reason}", "Url");

    public static ApiException OriginRejected(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, RetrievalFailure, $"The origin refused the media: {reason}", "Url");

    public static ApiException OriginUnavailable(string reason) =>
        new(StatusCodes.Status502BadGateway, RetrievalFailure, $"The origin could not be reached or failed: {reason}", "Url");

    public static ApiException NotAudio(string contentType) =>
        new(StatusCodes.Status422UnprocessableEntity, InvalidContentType, $"The origin answered {contentType}, not audio (a web page, perhaps a login or error page)", "Url");

    public static ApiException Undecodable(string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.Unprocessable, $"The media could not be processed: {reason}", "Url");

    public static bool IsTransient(ApiException failure) => failure.Status >= StatusCodes.Status500InternalServerError;
}
