using Microsoft.AspNetCore.Builder;

namespace Telephony.SharedKernel.Web;

/// <summary>An example answer shown in the OpenAPI document (and so in Swagger UI) for one status code.</summary>
public sealed record ResponseExample(int StatusCode, object Value);

/// <summary>An example form body shown in the OpenAPI document: field name to example value.</summary>
public sealed record FormExample(IReadOnlyDictionary<string, string> Fields);

public static class OpenApiExamples
{
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int statusCode, object example)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseExample(statusCode, example));

    public static TBuilder WithFormExample<TBuilder>(this TBuilder builder, params (string Field, string Value)[] fields)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FormExample(fields.ToDictionary(f => f.Field, f => f.Value)));
}
