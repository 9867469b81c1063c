using System.Text.Json;
using System.Text.RegularExpressions;
using ObrasQr.Auth;
using ObrasQr.Jobs;
using ObrasQr.Secop;
using ObrasQr.Storage;

namespace ObrasQr.Sync;

/// <summary>Where a "sync now" is, in the words of the export status values.</summary>
public static class SyncRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    /// <summary>Its job failed <see cref="JobRunner.MaxAttempts"/> times; FailureReason says so in Spanish.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// One "sync now" asked for by staff: who asked, within which entity scope, where it is, and once done what it did.
/// GET /api/sync/{runId} and the desk page answer with it; <see cref="Run"/> is filtered to what the caller sees.
/// </summary>
public sealed record SyncNowRun(string RunId, string? EntityNit, string RequestedBy, DateTimeOffset RequestedAt, string Status,
    DateTimeOffset? StartedAt = null, DateTimeOffset? FinishedAt = null, SyncRun? Run = null, string? FailureReason = null)
{
    public string StatusUrl => $"/api/sync/{RunId}";

    /// <summary>The run as the caller sees it: only the uploads and pulls of the caller's entities (as the desk shows them).</summary>
    public SyncNowRun SeenBy(Caller caller) => Run is null ? this : this with
    {
        Run = Run with { Exports = Run.Exports.Where(e => caller.Sees(e.EntityNit)).ToList(), Soda = Run.Soda.Where(p => caller.Sees(p.EntityNit)).ToList() },
    };
}

/// <summary>The answer to POST /api/sync: the run is queued; <see cref="StatusUrl"/> follows it.</summary>
public sealed record SyncAccepted(string RunId, string Status, string StatusUrl);

/// <summary>
/// "Sync now" as a job: the request stores the run and queues its job (<see cref="JobKind.SyncNow"/>), the job runs
/// <see cref="SyncJob.RunAsync"/> (each import and entity under its own lease, so two runs never import one export
/// twice) and stores what it did. The record is a small JSON file ("sync-runs/{id}.json") in the file store rather
/// than a table: it is read only by its id, written only by the request that creates it and then by its job under
/// the job's lease (never by two writers at once), so it needs no query, no ETag and no new storage port on either store.
/// </summary>
public sealed class SyncNowRuns(IFileStore files, IJobQueue queue, TimeProvider clock)
{
    public const string Folder = "sync-runs";

    // The form of ExportIntake.NewExportId: anything else never names a run (and never reaches a file path).
    static readonly Regex IdShape = new(@"^[0-9]{14}-[0-9a-f]{12}$", RegexOptions.CultureInvariant);

    static string RecordPath(string runId) => $"{Folder}/{runId}.json";

    /// <summary>Stores the run as queued, in the caller's scope, and queues its job.</summary>
    public async Task<SyncNowRun> StartAsync(Caller caller, CancellationToken ct)
    {
        var run = new SyncNowRun(ExportIntake.NewExportId(clock), caller.EntityNit, caller.Name, clock.GetUtcNow(), SyncRunStatus.Queued);
        await SaveAsync(run, ct);
        await queue.EnqueueAsync(JobRef.SyncNow(run.RunId), ct);
        return run;
    }

    /// <summary>The run as the caller sees it, or null when there is none by that id or it is another scope's (alike).</summary>
    public async Task<SyncNowRun?> FindAsync(string runId, Caller caller, CancellationToken ct) =>
        await FindAsync(runId, ct) is { } run && caller.Sees(run.EntityNit) ? run.SeenBy(caller) : null;

    public async Task<SyncNowRun?> FindAsync(string runId, CancellationToken ct)
    {
        if (!IdShape.IsMatch(runId)) return null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var json = await files.OpenReadAsync(RecordPath(runId), ct);
                return json is null ? null : await JsonSerializer.DeserializeAsync<SyncNowRun>(json, cancellationToken: ct);
            }
            // A read that meets the job's rewrite of the file fails on Blob (it pins the version it started reading):
            // read again, the new version.
            catch (Exception e) when (attempt < 3 && e is not (OperationCanceledException or JsonException)) { }
        }
    }

    public async Task SaveAsync(SyncNowRun run, CancellationToken ct)
    {
        await using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(run));
        await files.SaveAsync(RecordPath(run.RunId), json, ct);
    }

    /// <summary>The job: a run already done is not run again (a repeated message); a run taken over after its worker
    /// died runs from the start (each import resumes from its own checkpoint).</summary>
    public async Task RunAsync(string runId, SyncJob sync, CancellationToken ct)
    {
        if (await FindAsync(runId, ct) is not { Status: SyncRunStatus.Queued or SyncRunStatus.Running } run) return;
        run = run with { Status = SyncRunStatus.Running, StartedAt = clock.GetUtcNow() };
        await SaveAsync(run, ct);
        var done = await sync.RunAsync(ct, run.EntityNit);
        await SaveAsync(run with { Status = SyncRunStatus.Done, FinishedAt = clock.GetUtcNow(), Run = done }, ct);
    }

    /// <summary>After the job's last failed attempt.</summary>
    public async Task FailedAsync(string runId, string reason, CancellationToken ct)
    {
        if (await FindAsync(runId, ct) is not { Status: SyncRunStatus.Queued or SyncRunStatus.Running } run) return;
        await SaveAsync(run with { Status = SyncRunStatus.Failed, FinishedAt = clock.GetUtcNow(), FailureReason = reason }, ct);
    }
}
