using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ObrasQr.Sync;

/// <summary>For the office.</summary>
public static class SyncHandlers
{
    /// <summary>POST /api/sync: run the sync now, answer with what it did.</summary>
    public static async Task<Ok<SyncRun>> RunNow(SyncJob job, CancellationToken ct) => TypedResults.Ok(await job.RunAsync(ct));
}
