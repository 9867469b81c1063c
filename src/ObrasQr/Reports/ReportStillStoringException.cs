namespace ObrasQr.Reports;

/// <summary>
/// The first request with this idempotency key is still being stored (or its writer died and the claim has not yet
/// expired): the retry cannot be answered with the report yet, and nothing was stored for it. Hosts answer 503 with
/// Retry-After, never a 500.
/// </summary>
public sealed class ReportStillStoringException(TimeSpan retryAfter) : Exception("A report with this idempotency key is still being stored.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
