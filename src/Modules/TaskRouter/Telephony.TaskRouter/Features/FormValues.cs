using System.Globalization;
using Telephony.SharedKernel.Web;

namespace Telephony.TaskRouter.Features;

/// <summary>
/// Reads typed form and query fields, answering a 400 that names the field when a value does not
/// parse. Twilio's helper libraries send booleans as <c>True</c>/<c>False</c>, so case is ignored.
/// </summary>
internal static class FormValues
{
    public static bool? Bool(string? value, string field) =>
        value is null ? null
        : bool.TryParse(value, out var parsed) ? parsed
        : throw ApiException.Invalid(field, "must be true or false");

    /// <summary>
    /// The <c>Available</c> filter of Twilio's worker and activity lists: <c>true</c>, <c>1</c> or
    /// <c>yes</c> (any case) asks for available ones, any other value for unavailable ones.
    /// </summary>
    public static bool? AvailableFilter(string? value) =>
        value is null ? null : value.Trim().ToLowerInvariant() is "true" or "1" or "yes";

    public static int? Int(string? value, string field) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw ApiException.Invalid(field, "must be an integer");

    /// <summary>An ISO 8601 instant; one without an offset is UTC, as Twilio reads it.</summary>
    public static DateTimeOffset? Date(string? value, string field) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed
        : throw ApiException.Invalid(field, "must be an ISO 8601 date and time, such as 2026-11-25T09:30:00Z");

    /// <summary>A sid of the given kind (its two-letter prefix), such as a worker's <c>WK...</c>.</summary>
    public static string? Sid(string? value, string field, string prefix) =>
        string.IsNullOrEmpty(value) ? null
        : SharedKernel.Ids.Sid.IsValid(value, prefix) ? value
        : throw ApiException.Invalid(field, $"must be a sid starting with {prefix}");

    public static TEnum? Enum<TEnum>(string? value, string field)
        where TEnum : struct, System.Enum =>
        value is null ? null
        : System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed
        : throw ApiException.Invalid(field, $"must be one of {Names<TEnum>()}");

    public static string Names<TEnum>()
        where TEnum : struct, System.Enum =>
        string.Join(", ", System.Enum.GetNames<TEnum>().Select(name => name.ToLowerInvariant()));
}
