using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Reports;

/// <summary>
/// The fair limit on report submissions (the rule, with its numbers, is in docs/reports.md): per client address,
/// every submission counts, accepted or refused, at most MaxPerClientPerHour in any sliding hour and
/// MaxPerClientPerMinute in any minute. A slot is taken when a submission starts (so parallel requests cannot
/// overshoot) and given back only when it replays a stored report: a refused one cost the server work too. The defaults (60 an hour, 10 a minute) let 30 people behind one carrier NAT report
/// within an hour while a script from one address files at most 10 a minute. The address is the
/// client's as <see cref="Http.Forwarding.ClientAddress"/> tells it (the peer, or what a trusted proxy or our Front Door
/// says). A client is known only by an HMAC of
/// its address under a random in-memory key that changes every day: the address is never stored or logged.
/// Lives in the handlers, not in middleware, so that both hosts apply it.
/// </summary>
public sealed class SubmissionLimiter
{
    static readonly TimeSpan Hour = TimeSpan.FromHours(1), Minute = TimeSpan.FromMinutes(1);
    const string ReservationItem = "ObrasQr.SubmissionReservation";

    readonly SlidingCounter? submissions;
    readonly SlidingCounter? lookups;
    readonly IReadOnlySet<IPAddress> proxies;
    readonly string? frontDoorId;
    readonly TimeProvider clock;
    readonly Lock gate = new();
    byte[] secret = [];
    DateOnly secretDay;

    public SubmissionLimiter(IOptions<ObrasQrOptions> options, TimeProvider clock)
    {
        this.clock = clock;
        var o = options.Value.Reports;
        if (o.MaxPerClientPerHour > 0)
            submissions = new SlidingCounter(clock, [(Hour, o.MaxPerClientPerHour), (Minute, o.MaxPerClientPerMinute)]);
        if (o.MaxLookupsPerClientPerMinute > 0)
            lookups = new SlidingCounter(clock, [(Minute, o.MaxLookupsPerClientPerMinute)]);
        proxies = Http.Forwarding.Proxies(o.TrustedProxies);
        frontDoorId = options.Value.Http.FrontDoorId;
    }

    /// <summary>Null when the client may submit (a slot is then reserved); otherwise how long it should wait.</summary>
    public TimeSpan? Acquire(HttpRequest request)
    {
        if (submissions is null) return null;
        var key = ClientKey(ClientAddress(request));
        var (at, wait) = submissions.TryTake(key);
        if (wait is not null) return wait;
        request.HttpContext.Items[ReservationItem] = (key, at);
        return null;
    }

    /// <summary>Gives the reserved slot back: the submission was a retry of a stored one.</summary>
    public void Release(HttpRequest request)
    {
        if (submissions is not null && request.HttpContext.Items.Remove(ReservationItem, out var value) && value is (string key, DateTimeOffset at))
            submissions.Give(key, at);
    }

    /// <summary>Null when the client may look a code up now; otherwise how long it should wait.</summary>
    public TimeSpan? AcquireLookup(HttpRequest request) =>
        lookups?.TryTake(ClientKey(ClientAddress(request))).Wait;

    /// <summary>The 429 answer's header: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The client's address, by the one rule of <see cref="Http.Forwarding.ClientAddress"/>.</summary>
    public IPAddress? ClientAddress(HttpRequest request) => Http.Forwarding.ClientAddress(request, proxies, frontDoorId);

    static IPAddress Canonical(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    /// <summary>The client an address belongs to: an IPv4 address itself; an IPv6 address's /64, which one subscriber
    /// is usually given whole (counting each address would give them 2^64 budgets).</summary>
    static IPAddress Client(IPAddress a)
    {
        a = Canonical(a);
        if (a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return a;
        var bytes = a.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    /// <summary>The client of <paramref name="address"/> (<see cref="Client"/>) as text, for a stable pseudonym
    /// (<see cref="IdentityProtector.Pseudonym"/>); never stored or logged as it is.</summary>
    public static string ClientText(IPAddress? address) => address is null ? "" : Client(address).ToString();

    /// <summary>HMAC-SHA256 of the client (<see cref="Client"/>) under today's key; public for tests, which check it is
    /// not the address.</summary>
    public string ClientKey(IPAddress? address)
    {
        var text = address is null ? "" : Client(address).ToString();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        byte[] key;
        lock (gate)
        {
            if (secretDay != today || secret.Length == 0)
            {
                secret = RandomNumberGenerator.GetBytes(32);
                secretDay = today;
                submissions?.Clear(); // yesterday's keys can no longer be linked: their counts go with them
                lookups?.Clear();
            }
            key = secret;
        }
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>
/// Timestamps of what each client did, kept only as long as the longest window; written by hand because the
/// framework's rate limiters cannot give a permit back, nor follow a test's clock.
/// </summary>
sealed class SlidingCounter(TimeProvider clock, (TimeSpan Window, int Max)[] rules)
{
    const int MaxClients = 100_000;
    readonly Dictionary<string, List<DateTimeOffset>> seen = new(StringComparer.Ordinal);
    readonly TimeSpan longest = rules.Max(r => r.Window);
    readonly Lock gate = new();

    public (DateTimeOffset At, TimeSpan? Wait) TryTake(string client)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!seen.TryGetValue(client, out var times))
            {
                if (seen.Count >= MaxClients) Prune(now);
                seen[client] = times = [];
            }
            times.RemoveAll(t => t <= now - longest);
            TimeSpan? wait = null;
            foreach (var (window, max) in rules)
            {
                if (max <= 0) continue;
                var inside = times.Where(t => t > now - window).OrderBy(t => t).ToList();
                if (inside.Count < max) continue;
                var free = inside[inside.Count - max] + window - now; // when enough of them leave the window
                wait = wait is null || free > wait ? free : wait;
            }
            if (wait is not null) return (now, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
            times.Add(now);
            return (now, null);
        }
    }

    public void Give(string client, DateTimeOffset at)
    {
        lock (gate)
            if (seen.TryGetValue(client, out var times)) times.Remove(at);
    }

    public void Clear()
    {
        lock (gate) seen.Clear();
    }

    void Prune(DateTimeOffset now)
    {
        foreach (var (client, times) in seen.ToList())
            if (times.All(t => t <= now - longest)) seen.Remove(client);
    }
}
