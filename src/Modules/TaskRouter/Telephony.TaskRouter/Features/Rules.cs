using System.Text.Json;
using FluentValidation;
using Telephony.TaskRouter.Data;
using Telephony.TaskRouter.Expressions;

namespace Telephony.TaskRouter.Features;

/// <summary>Field rules shared by several resources.</summary>
internal static class Rules
{
    public static IRuleBuilderOptions<T, string?> FriendlyName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(TaskRouterLimits.FriendlyNameLength);

    /// <summary>Attributes are a JSON object of at most 4,096 characters, as Twilio documents.</summary>
    public static IRuleBuilderOptions<T, string?> AttributesJson<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(TaskRouterLimits.AttributesLength)
            .Must(json => json is null || IsJsonObject(json))
            .WithMessage("must be a JSON object");

    /// <summary>A task's virtual start time: not in the future and not before 1900, as Twilio documents.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> VirtualStartTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(start => start is null || (start <= DateTimeOffset.UtcNow && start.Value.Year >= 1900))
            .WithMessage("can't be in the future or before 1900");

    /// <summary>An expression of the TaskRouter language that parses; the message carries the parser's position.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> Expression<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((text, context) =>
        {
            if (text is null)
            {
                return;
            }

            if (text.Length > TaskRouterLimits.ExpressionLength)
            {
                context.AddFailure($"must be at most {TaskRouterLimits.ExpressionLength} characters");
            }
            else if (!CompiledExpression.TryParse(text, out _, out var error))
            {
                context.AddFailure($"is not a valid expression: {error}");
            }
        });

    public static IRuleBuilderOptions<T, string?> HttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(TaskRouterLimits.UrlLength)
            .Must(url => url is null || url.Length == 0 || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("must be an absolute http or https URL");

    public static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
