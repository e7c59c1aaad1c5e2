using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.SharedKernel.Hosting;

/// <summary>
/// A settings section bound and checked when the host starts: a value out of its range (the
/// <see cref="RangeAttribute"/>s on the settings class) stops the host with every such setting
/// named by its configuration key, rather than surfacing later as a failed request or a stopped
/// background service.
/// </summary>
public static class CheckedSettings
{
    public static IServiceCollection AddCheckedSettings<TSettings>(this IServiceCollection services, IConfiguration configuration, string section)
        where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<TSettings>>(new SectionValidator<TSettings>(section));
        services.AddOptions<TSettings>().Bind(configuration.GetSection(section)).ValidateOnStart();
        return services;
    }

    /// <summary>The section's settings, checked now: for settings read while services are registered.</summary>
    public static TSettings Read<TSettings>(IConfiguration configuration, string section)
        where TSettings : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(section).Get<TSettings>() ?? new TSettings();
        var result = new SectionValidator<TSettings>(section).Validate(Options.DefaultName, settings);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TSettings), result.Failures) : settings;
    }

    private sealed class SectionValidator<TSettings>(string section) : IValidateOptions<TSettings>
        where TSettings : class
    {
        public ValidateOptionsResult Validate(string? name, TSettings options)
        {
            var results = new List<ValidationResult>();
            return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(results.Select(result => $"{section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}"));
        }
    }
}
