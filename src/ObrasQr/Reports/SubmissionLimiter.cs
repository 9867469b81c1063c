using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Reports;

/// <summary>
/// Report submissions one client may make per hour (ObrasQr__Reports__MaxPerClientPerHour; 0 = off). A client is
/// known only by an HMAC of its address under a random in-memory key that changes every day: the address itself
/// is never stored or logged, and yesterday's keys cannot be linked to today's. Lives in the handlers, not in
/// middleware, so that both hosts apply it.
/// </summary>
public sealed class SubmissionLimiter : IDisposable
{
    static readonly TimeSpan Window = TimeSpan.FromHours(1);
    const int Segments = 6;

    readonly PartitionedRateLimiter<string>? limiter;
    readonly TimeProvider clock;
    readonly Lock gate = new();
    byte[] secret = [];
    DateOnly secretDay;

    public SubmissionLimiter(IOptions<ObrasQrOptions> options, TimeProvider clock)
    {
        this.clock = clock;
        var max = options.Value.Reports.MaxPerClientPerHour;
        if (max <= 0) return;
        limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetSlidingWindowLimiter(client,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = max,
                Window = Window,
                SegmentsPerWindow = Segments,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the client may submit; otherwise how long it should wait.</summary>
    public TimeSpan? Acquire(HttpRequest request)
    {
        if (limiter is null) return null;
        using var lease = limiter.AttemptAcquire(ClientKey(request.HttpContext.Connection.RemoteIpAddress));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : Window / Segments;
    }

    /// <summary>The 429 answer's header: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>HMAC-SHA256 of the address under today's key; public for tests, which check it is not the address.</summary>
    public string ClientKey(IPAddress? address)
    {
        var text = address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4().ToString() : address?.ToString() ?? "";
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        byte[] key;
        lock (gate)
        {
            if (secretDay != today || secret.Length == 0)
            {
                secret = RandomNumberGenerator.GetBytes(32);
                secretDay = today;
            }
            key = secret;
        }
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    public void Dispose() => limiter?.Dispose();
}
