using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

/// <summary>Who a request comes from (<see cref="ClientAddresses"/>): the reports' limits and sign-in ask the same class.</summary>
public sealed class ClientAddressesTests
{
    internal static HttpRequest From(string peer, string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return context.Request;
    }

    [Fact]
    public void A_client_is_keyed_by_a_daily_rotating_hmac_not_by_its_address()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero));
        var addresses = new ClientAddresses(Options.Create(new ObrasQrOptions()), clock);
        var other = new ClientAddresses(Options.Create(new ObrasQrOptions()), clock);
        var ip = IPAddress.Parse("190.24.1.10");

        var key = addresses.DailyKey(ip);
        Assert.Equal(key, addresses.DailyKey(ip));
        Assert.Equal(key, addresses.DailyKey(ip.MapToIPv6())); // the same client over IPv4 and IPv4-mapped IPv6
        Assert.DoesNotContain("190.24", key);
        Assert.NotEqual(key, addresses.DailyKey(IPAddress.Parse("190.24.1.11")));
        Assert.NotEqual(key, other.DailyKey(ip)); // a random secret per process: not a plain hash anyone can recompute
        clock.Now = clock.Now.AddDays(1);
        Assert.NotEqual(key, addresses.DailyKey(ip));
    }

    [Fact]
    public void Forwarded_for_is_believed_only_from_a_configured_proxy()
    {
        var addresses = new ClientAddresses(Options.Create(new ObrasQrOptions { Reports = new ReportOptions { TrustedProxies = ["10.0.0.5"] } }), TimeProvider.System);

        Assert.Equal(IPAddress.Parse("190.24.1.10"), addresses.Of(From("10.0.0.5", "190.24.1.10")));
        Assert.Equal(IPAddress.Parse("190.24.1.10"), addresses.Of(From("10.0.0.5", "1.2.3.4, 190.24.1.10"))); // the left part is the client's to forge
        Assert.Equal(IPAddress.Parse("181.50.7.7"), addresses.Of(From("181.50.7.7", "190.24.1.10"))); // not a proxy: header ignored
        Assert.Equal(IPAddress.Parse("10.0.0.5"), addresses.Of(From("10.0.0.5", "garbage")));
    }

    static HttpRequest ThroughFrontDoor(string? frontDoorId, string clientIp, string peer = "147.243.1.1", string? forwardedFor = null)
    {
        var request = From(peer, forwardedFor);
        if (frontDoorId is not null) request.Headers["X-Azure-FDID"] = frontDoorId;
        request.Headers["X-Azure-ClientIP"] = clientIp;
        return request;
    }

    [Fact]
    public void The_client_address_from_Front_Door_is_believed_only_with_our_Front_Door_id()
    {
        const string ours = "3f6c1a2e-9b7d-4c1e-8a55-0d2b6e9f1c47";
        var addresses = new ClientAddresses(Options.Create(new ObrasQrOptions
        { Reports = new ReportOptions { TrustedProxies = ["10.0.0.5"] }, Http = new HttpOptions { FrontDoorId = ours } }), TimeProvider.System);

        Assert.Equal(IPAddress.Parse("190.24.1.10"), addresses.Of(ThroughFrontDoor(ours, "190.24.1.10")));
        Assert.Equal(IPAddress.Parse("190.24.1.10"), addresses.Of(ThroughFrontDoor(ours.ToUpperInvariant(), "190.24.1.10")));
        Assert.Equal(IPAddress.Parse("147.243.1.1"), addresses.Of(ThroughFrontDoor(null, "190.24.1.10")));   // no id: the peer
        Assert.Equal(IPAddress.Parse("147.243.1.1"), addresses.Of(ThroughFrontDoor("00000000-0000-0000-0000-000000000001", "190.24.1.10")));
        Assert.Equal(IPAddress.Parse("181.50.7.7"), addresses.Of(ThroughFrontDoor("bad", "190.24.1.10", peer: "10.0.0.5", forwardedFor: "181.50.7.7")));
        Assert.Equal(IPAddress.Parse("147.243.1.1"), addresses.Of(ThroughFrontDoor(ours, "garbage")));
    }

    [Fact]
    public void Without_a_configured_Front_Door_its_headers_are_ignored()
    {
        var addresses = new ClientAddresses(Options.Create(new ObrasQrOptions()), TimeProvider.System);

        Assert.Equal(IPAddress.Parse("147.243.1.1"), addresses.Of(ThroughFrontDoor("", "190.24.1.10")));
        Assert.Equal(IPAddress.Parse("147.243.1.1"), addresses.Of(ThroughFrontDoor("3f6c1a2e-9b7d-4c1e-8a55-0d2b6e9f1c47", "190.24.1.10")));
    }
}
