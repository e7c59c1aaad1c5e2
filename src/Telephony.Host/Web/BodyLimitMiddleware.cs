using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Telephony.SharedKernel.Persistence;

namespace Telephony.Host.Web;

/// <summary>
/// Every body has a size limit: <c>Telephony:MaxRequestBodyBytes</c>, or an endpoint's own
/// <see cref="IRequestSizeLimitMetadata"/> (uploads). A declared length over it is a 413 before
/// anything reads the body; the server enforces the same limit on streamed bodies.
/// </summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next, IOptions<TelephonyOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
        }

        return next(context);
    }
}
