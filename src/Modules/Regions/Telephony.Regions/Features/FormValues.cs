using System.Globalization;
using Telephony.SharedKernel.Web;

namespace Telephony.Regions.Features;

/// <summary>Form fields as Twilio clients send them (strings), checked with the field named in the error.</summary>
internal static class FormValues
{
    /// <summary>The posted form, or an empty one for a bodiless POST (every field of the route is optional).</summary>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request) =>
        request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;

    public static int? Int(string? value, string field, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw ApiException.Invalid(field, $"must be an integer from {min} to {max}");
    }

    public static bool? Bool(string? value, string field) => value?.ToLowerInvariant() switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        _ => throw ApiException.Invalid(field, "must be true or false"),
    };

    public static string? Text(string? value, string field, int maxLength) =>
        value is { Length: > 0 } && value.Length > maxLength ? throw ApiException.Invalid(field, $"must be at most {maxLength} characters") : value;
}
