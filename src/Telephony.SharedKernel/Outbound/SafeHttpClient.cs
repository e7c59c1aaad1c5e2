using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.SharedKernel.Outbound;

/// <summary>Thrown when an outbound call would reach an address the operator has not allowed.</summary>
public sealed class OutboundAddressRefusedException(string message) : HttpRequestException(message);

public static class SafeHttpClient
{
    /// <summary>
    /// Registers a named client whose connections pass <see cref="OutboundAddressGuard"/> after DNS
    /// resolution, on the first request and on every redirect.
    /// </summary>
    public static IHttpClientBuilder AddSafeOutboundHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(provider =>
        {
            var options = provider.GetRequiredService<IOptions<OutboundOptions>>().Value;
            return CreateHandler(options);
        });

    public static SocketsHttpHandler CreateHandler(OutboundOptions options) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = options.MaxRedirects,
        ConnectTimeout = options.ConnectTimeout,
        AutomaticDecompression = DecompressionMethods.All,
        // Through a proxy the connect check would see only the proxy's address, and the proxy would
        // reach whatever the tenant's URL names: outbound calls go direct, so the check sees the target.
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, options, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, OutboundOptions options, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = options.AllowPrivateAddresses ? addresses : addresses.Where(OutboundAddressGuard.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundAddressRefusedException(
                $"Refused to connect to {host}: it resolves only to private, loopback or link-local addresses (set Outbound:AllowPrivateAddresses to allow them).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
