using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ObrasQr.Reports;

/// <summary>The Retry-After header of a 429 (a report, a lookup, a sign-in over its limit).</summary>
public static class RetryAfter
{
    /// <summary>Whole seconds, at least one.</summary>
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
