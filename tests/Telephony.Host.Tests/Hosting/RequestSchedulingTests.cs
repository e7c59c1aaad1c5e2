using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Host.Tests.Hosting;

/// <summary><c>Telephony:InlineRequestScheduling</c> reaches Kestrel's socket transport, on by default.</summary>
public sealed class RequestSchedulingTests
{
    [Fact]
    public async Task Request_code_runs_on_the_reading_thread_unless_the_operator_turns_it_off()
    {
        await using (var byDefault = TelephonyApp.Create())
        {
            byDefault.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling.Should().BeTrue();
        }

        await using var turnedOff = TelephonyApp.Create(new Dictionary<string, string?> { ["Telephony:InlineRequestScheduling"] = "false" });
        turnedOff.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling.Should().BeFalse();
    }
}
