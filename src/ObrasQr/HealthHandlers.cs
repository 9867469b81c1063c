using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Storage;

namespace ObrasQr;

public static class HealthHandlers
{
    /// <summary>GET /api/health: alive, and whether storage answers (503 when it does not, for load balancers).</summary>
    public static async Task<Results<Ok<Health>, JsonHttpResult<Health>>> Check(IStorageHealth storage, CancellationToken ct) =>
        await storage.IsReachableAsync(ct)
            ? TypedResults.Ok(new Health("ok", true))
            : TypedResults.Json(new Health("degraded", false), statusCode: StatusCodes.Status503ServiceUnavailable);
}

public sealed record Health(string Status, bool Storage);
