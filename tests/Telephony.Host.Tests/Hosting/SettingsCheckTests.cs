using Microsoft.Extensions.Options;

namespace Telephony.Host.Tests.Hosting;

/// <summary>An operator's setting out of its range stops the host as it starts, naming the setting, in every module.</summary>
public sealed class SettingsCheckTests
{
    [Theory]
    [InlineData("Regions:FramesPerChunk", "0")]
    [InlineData("Regions:UploadRetryMs", "-5")]
    [InlineData("MediaCache:MaxAttempts", "0")]
    [InlineData("MediaCache:FetchTimeout", "00:00:00")]
    [InlineData("TaskRouter:AssignmentCallbacks:Concurrency", "0")]
    [InlineData("TaskRouter:EventCallbacks:FirstRetryDelay", "-00:00:01")]
    [InlineData("Outbound:MaxRedirects", "-1")]
    [InlineData("Telephony:MaxRequestBodyBytes", "10")]
    [InlineData("Hangfire:WorkerCount", "0")]
    public async Task A_setting_out_of_range_stops_the_host_at_start_and_names_the_setting(string key, string value)
    {
        await using var app = TelephonyApp.Create(new Dictionary<string, string?> { [key] = value });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage($"*{key}*must be between*");
    }

    [Fact]
    public async Task A_setting_that_is_not_a_number_stops_the_host_at_start_and_names_the_setting()
    {
        await using var app = TelephonyApp.Create(new Dictionary<string, string?> { ["Regions:BufferLanes"] = "four" });

        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Regions:BufferLanes*");
    }
}
