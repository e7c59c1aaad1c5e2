using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Telephony.TaskRouter.Features;

/// <summary>
/// Twilio's helper libraries send a POST with an empty body (Content-Length: 0) when no field is
/// set (creating a task with defaults, an update that changes nothing). Twilio treats that as an empty
/// form; so do we, for TaskRouter routes only, so the request reaches validation instead of being
/// refused by form binding.
/// </summary>
internal sealed class BodylessPostsAsEmptyForms : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var request = context.Request;
            var body = context.Features.Get<IHttpRequestBodyDetectionFeature>();
            if (HttpMethods.IsPost(request.Method)
                && body is { CanHaveBody: false }
                && request.Path.StartsWithSegments("/v1/Workspaces", StringComparison.OrdinalIgnoreCase))
            {
                // Form binding reads only requests that can have a body; this one has an empty one.
                context.Features.Set<IHttpRequestBodyDetectionFeature>(EmptyBody.Instance);
                request.ContentType ??= "application/x-www-form-urlencoded";
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class EmptyBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly EmptyBody Instance = new();

        public bool CanHaveBody => true;
    }
}
