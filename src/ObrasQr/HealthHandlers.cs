using Microsoft.AspNetCore.Http;
using ObrasQr.Storage;

namespace ObrasQr;

public sealed class HealthHandlers(IStorageHealth storage)
{
    /// <summary>GET /api/health: alive, and whether storage answers.</summary>
    public async Task<IResult> Check(HttpRequest request)
    {
        var reachable = await storage.IsReachableAsync(request.HttpContext.RequestAborted);
        return Results.Json(new { status = reachable ? "ok" : "degraded", storage = reachable },
            statusCode: reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
