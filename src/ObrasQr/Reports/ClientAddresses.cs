using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Reports;

/// <summary>
/// Who a request comes from, for the fair limits on reports and lookups and for sign-in: the client's address as
/// <see cref="Http.Forwarding.ClientAddress"/> tells it (the peer, or what a trusted proxy or our Front Door says),
/// and two pseudonyms of it, so the address itself is never stored or logged: <see cref="DailyKey(IPAddress?)"/>, an
/// HMAC under a random in-memory key that changes every day (counters kept only in memory), and
/// <see cref="Pseudonym"/>, the same on every instance and after a restart (what is stored about a client).
/// </summary>
public sealed class ClientAddresses(IOptions<ObrasQrOptions> options, TimeProvider clock)
{
    readonly IReadOnlySet<IPAddress> proxies = Http.Forwarding.Proxies(options.Value.Reports.TrustedProxies);
    readonly string? frontDoorId = options.Value.Http.FrontDoorId;
    readonly Lock gate = new();
    byte[] secret = [];
    DateOnly secretDay;

    /// <summary>Raised when the daily key changes: the keys given before can no longer be linked to anyone, so whoever
    /// counts under them forgets them.</summary>
    public event Action? DailyKeyRenewed;

    /// <summary>The client's address, by the one rule of <see cref="Http.Forwarding.ClientAddress"/>.</summary>
    public IPAddress? Of(HttpRequest request) => Http.Forwarding.ClientAddress(request, proxies, frontDoorId);

    /// <summary>The client of the request as a keyed digest that is the same on every instance and after a restart
    /// (<see cref="IdentityProtector.Pseudonym"/>): the scope of idempotency keys, held photos and sign-in failures.</summary>
    public string Pseudonym(HttpRequest request, IdentityProtector identities) => identities.Pseudonym("client", Text(Of(request)));

    /// <summary>The client of the request under today's key (<see cref="DailyKey(IPAddress?)"/>).</summary>
    public string DailyKey(HttpRequest request) => DailyKey(Of(request));

    /// <summary>HMAC-SHA256 of the client (<see cref="Client"/>) under today's random key: the same all day in this
    /// process, unlinkable to the address without a key that is never kept.</summary>
    public string DailyKey(IPAddress? address)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        byte[] key;
        lock (gate)
        {
            if (secretDay != today || secret.Length == 0)
            {
                secret = RandomNumberGenerator.GetBytes(32);
                secretDay = today;
                DailyKeyRenewed?.Invoke(); // inside the lock: no count under a new key is taken before the old ones go
            }
            key = secret;
        }
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Text(address))));
    }

    /// <summary>The client of <paramref name="address"/> (<see cref="Client"/>) as text; never stored or logged as it is.</summary>
    static string Text(IPAddress? address) => address is null ? "" : Client(address).ToString();

    /// <summary>The client an address belongs to: an IPv4 address itself; an IPv6 address's /64, which one subscriber
    /// is usually given whole (counting each address would give them 2^64 budgets).</summary>
    static IPAddress Client(IPAddress a)
    {
        if (a.IsIPv4MappedToIPv6) a = a.MapToIPv4();
        if (a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return a;
        var bytes = a.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
