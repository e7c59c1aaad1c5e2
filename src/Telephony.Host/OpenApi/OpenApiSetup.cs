using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Telephony.Host.OpenApi;

internal static class OpenApiSetup
{
    private const string BasicScheme = "basic";

    public static IServiceCollection AddTelephonyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Telephony",
                    Version = "v1",
                    Description = "A self-hostable communications platform: TaskRouter (Twilio TaskRouter v1 wire format), "
                        + "MediaCache (telephony-ready media at persistent addresses) and Regions (regional media sessions). "
                        + "Authenticate with HTTP Basic: your AccountSid and AuthToken.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BasicScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "basic",
                    Description = "User name: your AccountSid (AC…). Password: your AuthToken.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BasicScheme, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });
}
