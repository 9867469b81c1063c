using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;

namespace ObrasQr.Sync;

/// <summary>For the office.</summary>
public static class SyncHandlers
{
    /// <summary>POST /api/sync: run the sync now, answer with what it did. Staff of one entity import their own
    /// pending uploads (and see only those); the pull from datos.gov.co, which serves the whole deployment, runs only
    /// for unscoped callers.</summary>
    public static async Task<Ok<SyncRun>> RunNow(Caller caller, SyncJob job, CancellationToken ct) =>
        TypedResults.Ok(await job.RunAsync(ct, caller.EntityNit));
}
