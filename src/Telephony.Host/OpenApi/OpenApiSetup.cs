using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Telephony.SharedKernel.Web;

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
                AddExamples(operation, metadata);
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BasicScheme, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });

    private static void AddExamples(OpenApiOperation operation, IList<object> metadata)
    {
        foreach (var example in metadata.OfType<ResponseExample>())
        {
            var key = example.StatusCode.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(key, out var response) == true && response.Content is not null)
            {
                foreach (var media in response.Content.Values)
                {
                    media.Example = JsonSerializer.SerializeToNode(example.Value, TwilioJson.Options);
                }
            }
        }

        if (metadata.OfType<FormExample>().FirstOrDefault() is { } form && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = JsonSerializer.SerializeToNode(form.Fields);
            }
        }
    }
}
