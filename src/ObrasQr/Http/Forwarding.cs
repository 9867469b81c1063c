using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ObrasQr.Http;

/// <summary>
/// What a reverse proxy says about the request it forwards, believed only from the proxies in
/// ObrasQr__Reports__TrustedProxies (anyone else could claim HTTPS or another address): X-Forwarded-Proto sets the
/// request's scheme here, so the desk's cookies are Secure and __Host- behind a TLS proxy; X-Forwarded-For is read by
/// <see cref="Reports.SubmissionLimiter.ClientAddress"/> under the same rule. Both hosts call it from <see cref="RouteRules"/>.
/// </summary>
public static class Forwarding
{
    public static void Apply(HttpContext context)
    {
        var sent = context.Request.Headers["X-Forwarded-Proto"].ToString();
        if (sent.Length == 0 || !FromTrustedProxy(context)) return;
        // The last value is the one our proxy wrote; values further left came from the client.
        var proto = sent[(sent.LastIndexOf(',') + 1)..].Trim();
        if (proto.Equals("https", StringComparison.OrdinalIgnoreCase)) context.Request.Scheme = "https";
        else if (proto.Equals("http", StringComparison.OrdinalIgnoreCase)) context.Request.Scheme = "http";
    }

    static bool FromTrustedProxy(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } peer) return false;
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        var trusted = context.RequestServices.GetRequiredService<IOptions<ObrasQrOptions>>().Value.Reports.TrustedProxies;
        foreach (var proxy in trusted)
            if (IPAddress.TryParse(proxy, out var address) && (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).Equals(peer))
                return true;
        return false;
    }
}
