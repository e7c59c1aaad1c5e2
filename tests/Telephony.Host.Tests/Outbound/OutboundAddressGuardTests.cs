using System.Net;
using Microsoft.AspNetCore.Http;
using Telephony.SharedKernel.Outbound;

namespace Telephony.Host.Tests.Outbound;

public sealed class OutboundAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Private_loopback_and_link_local_addresses_are_not_public(string address) =>
        OutboundAddressGuard.IsPublic(IPAddress.Parse(address)).Should().BeFalse();

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void Internet_addresses_are_public(string address) =>
        OutboundAddressGuard.IsPublic(IPAddress.Parse(address)).Should().BeTrue();

    [Fact]
    public async Task A_loopback_target_is_refused_unless_the_operator_allows_it()
    {
        await using var origin = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("hello"));
        using var guarded = new HttpClient(SafeHttpClient.CreateHandler(new OutboundOptions { AllowPrivateAddresses = false }));
        using var allowed = new HttpClient(SafeHttpClient.CreateHandler(new OutboundOptions { AllowPrivateAddresses = true }));

        var refused = async () => await guarded.GetStringAsync(origin.Url("/a"));

        await refused.Should().ThrowAsync<HttpRequestException>().WithMessage("*Outbound:AllowPrivateAddresses*");
        (await allowed.GetStringAsync(origin.Url("/a"))).Should().Be("hello");
        origin.CountFor("/a").Should().Be(1, "the refused call never reached the server");
    }

    [Fact]
    public async Task A_redirect_into_loopback_is_refused_too()
    {
        await using var inner = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("secret"));
        await using var outer = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Redirect(inner.Url("/metadata").ToString());
            return Task.CompletedTask;
        });
        using var client = new HttpClient(SafeHttpClient.CreateHandler(new OutboundOptions { AllowPrivateAddresses = false }));

        var call = async () => await client.GetStringAsync(outer.Url("/start"));

        await call.Should().ThrowAsync<HttpRequestException>();
        inner.CountFor("/metadata").Should().Be(0);
    }

    [Theory]
    [InlineData("http://example.com/a.wav", true)]
    [InlineData("https://example.com/a.wav", true)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("ftp://example.com/a.wav", false)]
    public void Only_http_and_https_are_allowed(string url, bool allowed) =>
        OutboundAddressGuard.IsAllowedScheme(new Uri(url)).Should().Be(allowed);
}
