using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;

namespace ObrasQr.Sync;

public sealed class SyncHandlers(ApiKeys keys, SyncJob job)
{
    /// <summary>POST /api/sync: run the sync now, answer with what it did.</summary>
    public async Task<IResult> RunNow(HttpRequest request)
    {
        var (_, denied) = keys.Authorize(request, Roles.Office);
        if (denied is not null) return denied;
        return Results.Ok(await job.RunAsync(request.HttpContext.RequestAborted));
    }
}
