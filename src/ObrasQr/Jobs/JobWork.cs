using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObrasQr.OpenData;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Jobs;

/// <summary>The jobs ObrasQr runs: an export's import (resumed from its checkpoint), an entity's sync, the open-data build, a "sync now".</summary>
public sealed class JobWork(IExportStore exports, IFileStore files, SecopImporter importer, OpenDataBuild openData, IJobQueue queue,
    IServiceProvider services, TimeProvider clock, ILogger<JobWork> log) : IJobWork
{
    public Task RunAsync(JobRef job, JobContext context, CancellationToken ct) => job.Kind switch
    {
        JobKind.Import => ImportAsync(job.Subject, context, ct),
        // Resolved here: the sync runs its own imports through the runner, which runs this.
        JobKind.Sync => services.GetRequiredService<SyncJob>().SyncEntityAsync(job.Subject, ct),
        JobKind.SyncNow => services.GetRequiredService<SyncNowRuns>().RunAsync(job.Subject, services.GetRequiredService<SyncJob>(), ct),
        JobKind.OpenData => openData.BuildNowAsync(ct),
    };

    public async Task FailedAsync(JobRef job, string reason, CancellationToken ct)
    {
        if (job.Kind == JobKind.SyncNow)
        {
            await services.GetRequiredService<SyncNowRuns>().FailedAsync(job.Subject, reason, ct);
            return;
        }
        if (job.Kind != JobKind.Import || await exports.FindAsync(job.Subject, ct) is not { Status: ExportStatus.Pending } export) return;
        await exports.UpdateAsync(export with { Status = ExportStatus.Failed, ImportedAt = clock.GetUtcNow(), RejectionReason = reason }, ct);
    }

    /// <summary>Imports the export if it is still pending (a repeated message finds it done and does nothing); each batch
    /// saves the checkpoint an attempt taken over resumes from. A change builds the open data again before the job ends
    /// (a sync now that waited for the import finds its works in the files); a worker that dies in between leaves it to
    /// the next build (another import's, an office act's, or midnight's).</summary>
    async Task ImportAsync(string exportId, JobContext context, CancellationToken ct)
    {
        if (await exports.FindAsync(exportId, ct) is not { Status: ExportStatus.Pending } export) return;
        await using var file = await files.OpenReadAsync(export.FilePath, ct);
        var checkpoints = new ImportCheckpoints(ImportCheckpoint.FromJson(context.Checkpoint), c => context.SaveCheckpointAsync(c.ToJson()));
        var result = file is null
            ? ImportResult.Rejected("El archivo subido ya no está disponible.")
            // Only someone who sees every entity may move a contract from one entity to another (ContractOwnership).
            : await importer.ImportAsync(file, $"export:{export.ExportId}", ct, export.EntityNit,
                movedBy: export.EntityNit is null ? export.UploadedBy : null, checkpoints: checkpoints);
        var completed = export.Completed(result, clock.GetUtcNow());
        await exports.UpdateAsync(completed, ct);
        // Still under the import's lease: a sync now waiting for this import finds its works in the open data.
        if (result.Counts.New + result.Counts.Changed > 0) await BuildOpenDataAsync(ct);
        log.LogInformation("Export {ExportId} {Status}: {New} new, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected",
            export.ExportId, completed.Status, result.Counts.New, result.Counts.Changed, result.Counts.Unchanged, result.Counts.Rejected);
    }

    /// <summary>Under the build's lease (waiting for a build another worker runs, which may predate this import). A
    /// failed build (logged by the runner) does not fail the import: it is queued, and the previous files are served until it succeeds.</summary>
    async Task BuildOpenDataAsync(CancellationToken ct)
    {
        var outcome = await services.GetRequiredService<JobRunner>().RunHereAsync(JobRef.OpenData, (_, token) => openData.BuildNowAsync(token), ct);
        if (outcome is JobOutcome.Retry or JobOutcome.Failed) await queue.EnqueueAsync(JobRef.OpenData, ct);
    }
}

/// <summary>Wakes this process's job worker at once when this process enqueues, instead of at its next poll.</summary>
public sealed class JobSignal
{
    readonly SemaphoreSlim waiting = new(0, 1);

    public void Wake()
    {
        try { waiting.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>True when woken, false after <paramref name="poll"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan poll, CancellationToken ct) => waiting.WaitAsync(poll, ct);
}
