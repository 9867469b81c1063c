using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ObrasQr.Http;

/// <summary>
/// What the network in front of the app says about a request, believed only from whom we put there: the proxies in
/// ObrasQr__Reports__TrustedProxies, and the Azure Front Door whose id is ObrasQr__Http__FrontDoorId (anyone else could
/// claim HTTPS or another address). X-Forwarded-Proto sets the request's scheme here, so the desk's cookies are Secure
/// and __Host- behind a TLS proxy; <see cref="ClientAddress"/> is the one rule for the client's address (the fair
/// limits, the sign-in throttle, the pseudonyms). Both hosts call <see cref="Apply"/> from <see cref="RouteRules"/>.
/// </summary>
public static class Forwarding
{
    public static void Apply(HttpContext context)
    {
        var sent = context.Request.Headers["X-Forwarded-Proto"].ToString();
        if (sent.Length == 0) return;
        var options = context.RequestServices.GetRequiredService<IOptions<ObrasQrOptions>>().Value;
        if (!FromFrontDoor(context.Request, options.Http.FrontDoorId) && !FromTrustedProxy(context, Proxies(options.Reports.TrustedProxies))) return;
        // The last value is the one our proxy wrote; values further left came from the client.
        var proto = sent[(sent.LastIndexOf(',') + 1)..].Trim();
        if (proto.Equals("https", StringComparison.OrdinalIgnoreCase)) context.Request.Scheme = "https";
        else if (proto.Equals("http", StringComparison.OrdinalIgnoreCase)) context.Request.Scheme = "http";
    }

    /// <summary>
    /// The client's address. Through our Front Door (X-Azure-FDID is its id), the X-Azure-ClientIP it writes: Front
    /// Door replaces that header, so the client cannot forge it, while any other Front Door profile, or a client
    /// calling the app directly, cannot send our id. Otherwise the peer, or, when the peer is a trusted proxy, the
    /// nearest address it was forwarded for that is not itself a trusted proxy (the rightmost ones are the ones our
    /// proxies wrote; the left can be forged).
    /// </summary>
    public static IPAddress? ClientAddress(HttpRequest request, IReadOnlySet<IPAddress> proxies, string? frontDoorId)
    {
        if (FromFrontDoor(request, frontDoorId) && IPAddress.TryParse(request.Headers["X-Azure-ClientIP"].ToString().Trim(), out var client))
            return Canonical(client);
        var peer = request.HttpContext.Connection.RemoteIpAddress is { } p ? Canonical(p) : null;
        if (peer is null || !proxies.Contains(peer)) return peer;
        var hops = request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var hop in hops.Reverse())
        {
            if (!IPAddress.TryParse(hop, out var address)) return peer; // garbage: trust nothing further left
            address = Canonical(address);
            if (!proxies.Contains(address)) return address;
        }
        return peer;
    }

    /// <summary>The configured proxies' addresses (unreadable ones ignored), IPv4 as IPv4.</summary>
    public static IReadOnlySet<IPAddress> Proxies(IEnumerable<string> configured) =>
        configured.Select(p => IPAddress.TryParse(p, out var a) ? Canonical(a) : null).OfType<IPAddress>().ToHashSet();

    /// <summary>Front Door sends its profile's id (a GUID) in X-Azure-FDID on every request it forwards.</summary>
    static bool FromFrontDoor(HttpRequest request, string? frontDoorId) =>
        !string.IsNullOrWhiteSpace(frontDoorId) && request.Headers["X-Azure-FDID"] is { Count: 1 } sent
        && string.Equals(sent.ToString().Trim(), frontDoorId.Trim(), StringComparison.OrdinalIgnoreCase);

    static bool FromTrustedProxy(HttpContext context, IReadOnlySet<IPAddress> proxies) =>
        context.Connection.RemoteIpAddress is { } peer && proxies.Contains(Canonical(peer));

    static IPAddress Canonical(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
