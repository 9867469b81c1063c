using Microsoft.Extensions.Logging;
using ObrasQr.Secop;
using ObrasQr.Storage;

namespace ObrasQr.Sync;

/// <summary>What one run of the sync did.</summary>
public sealed record SyncRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<SecopExport> Exports);

/// <summary>
/// Keeps contract records in sync: imports the uploads still pending. Both hosts run it on the same cron setting
/// (the Functions timer, the server's scheduler) and on demand (POST /api/sync).
/// </summary>
public sealed class SyncJob(IExportStore exports, IFileStore files, SecopImporter importer, TimeProvider clock, ILogger<SyncJob> log)
{
    readonly SemaphoreSlim oneAtATime = new(1, 1);

    public async Task<SyncRun> RunAsync(CancellationToken ct = default)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            var started = clock.GetUtcNow();
            var done = new List<SecopExport>();
            foreach (var export in await exports.ListPendingAsync(ct))
                done.Add(await ImportAsync(export, ct));
            return new SyncRun(started, clock.GetUtcNow(), done);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    async Task<SecopExport> ImportAsync(SecopExport export, CancellationToken ct)
    {
        await using var file = await files.OpenReadAsync(export.FilePath, ct);
        var result = file is null
            ? ImportResult.Rejected("El archivo subido ya no está disponible.")
            : await importer.ImportAsync(file, $"export:{export.ExportId}", ct);
        var completed = export.Completed(result, clock.GetUtcNow());
        await exports.UpdateAsync(completed, ct);
        log.LogInformation("Export {ExportId} {Status}: {New} new, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected",
            export.ExportId, completed.Status, result.Counts.New, result.Counts.Changed, result.Counts.Unchanged, result.Counts.Rejected);
        return completed;
    }
}
