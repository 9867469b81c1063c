using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Http;

namespace ObrasQr.Sync;

/// <summary>For the office.</summary>
public static class SyncHandlers
{
    /// <summary>POST /api/sync: queue the sync now (it can take longer than an HTTP request may) and answer with its
    /// status address. Staff of one entity import their own pending uploads (and see only those); the pull from
    /// datos.gov.co, which serves the whole deployment, runs only for unscoped callers.</summary>
    public static async Task<Accepted<SyncAccepted>> RunNow(Caller caller, SyncNowRuns runs, CancellationToken ct)
    {
        var run = await runs.StartAsync(caller, ct);
        return TypedResults.Accepted(run.StatusUrl, new SyncAccepted(run.RunId, run.Status, run.StatusUrl));
    }

    /// <summary>GET /api/sync/{runId}: where the run is and, once done, what it did for the caller's entities.</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<SyncNowRun>, ProblemHttpResult>> Status(string runId, Caller caller, SyncNowRuns runs, CancellationToken ct) =>
        await runs.FindAsync(runId, caller, ct) is { } run
            ? TypedResults.Ok(run)
            : Problems.NotFound("runId", $"No hay una sincronización con el identificador '{runId}'.");
}
