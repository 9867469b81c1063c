using Microsoft.Extensions.Logging;
using ObrasQr.Secop;
using ObrasQr.Storage;

namespace ObrasQr.Sync;

/// <summary>What one run of the sync did: the uploads it imported, and one SODA pull per configured entity (none when
/// no SODA pull is configured).</summary>
public sealed record SyncRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<SecopExport> Exports, IReadOnlyList<SodaRun> Soda);

/// <summary>
/// Keeps contract records in sync: imports the uploads still pending, then, when ObrasQr__Sync__SodaBaseUrl and
/// __EntityNit (or __EntityNits) are set, pulls each entity's changed contracts from datos.gov.co, and after them,
/// what SECOP II's execution dataset states of each entity's works' progress. Both hosts run it on the same cron setting
/// (the Functions timer, the server's scheduler) and on demand (POST /api/sync).
/// </summary>
public sealed class SyncJob(IExportStore exports, IFileStore files, SecopImporter importer, SodaSync soda, SecopExecutionSync execution,
    OpenData.OpenDataBuild openData, TimeProvider clock, ILogger<SyncJob> log)
{
    readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <param name="entityNit">A scoped caller's run (staff of one entity): imports only that entity's pending uploads
    /// and pulls from datos.gov.co only that entity's contracts, if it is configured.</param>
    public async Task<SyncRun> RunAsync(CancellationToken ct = default, string? entityNit = null)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            var started = clock.GetUtcNow();
            var done = await ImportPendingLockedAsync(ct, entityNit);
            var pulled = new List<SodaRun>();
            // Staff of one entity pull only their entity's contracts; an unscoped run pulls every configured entity.
            var nits = soda.IsConfigured ? soda.Entities.Where(n => entityNit is null || n == entityNit).ToList() : [];
            foreach (var nit in nits) pulled.Add(await PullAsync(nit, ct));
            // Then their works' progress, even after a contract pull that stopped early: the works already stored have
            // their progress read. The store's works are listed once for every entity, after every contract pull.
            if (nits.Count > 0)
            {
                var works = await WorksByEntityAsync(nits, ct);
                for (var i = 0; i < nits.Count; i++) pulled[i] = pulled[i] with { Execution = await PullExecutionAsync(nits[i], works, ct) };
            }
            if (done.Any(e => Changed(e.Counts)) || pulled.Any(p => Changed(p.Counts))) await RebuildOpenDataAsync(ct);
            return new SyncRun(started, clock.GetUtcNow(), done, pulled);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    async Task<SodaRun> PullAsync(string nit, CancellationToken ct)
    {
        SodaRun pulled;
        try { pulled = await soda.RunAsync(nit, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a remote page does, the run answers with what happened; the pull resumes next time, and the
            // other entities are still pulled.
            log.LogError(e, "SODA pull of entity {EntityNit} failed", nit);
            pulled = new SodaRun(null, null, 0, new ImportCounts(), [], "La descarga de datos.gov.co falló por un error inesperado; se reintentará en la próxima sincronización.") { EntityNit = nit };
        }
        log.LogInformation("SODA pull of entity {EntityNit}: {Pages} pages, {New} new, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected; {Error}",
            nit, pulled.Pages, pulled.Counts.New, pulled.Counts.Changed, pulled.Counts.Unchanged, pulled.Counts.Rejected, pulled.Error ?? "complete");
        return pulled;
    }

    /// <summary>Null when the store could not be read: each entity's execution pull then reports it.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>?> WorksByEntityAsync(List<string> nits, CancellationToken ct)
    {
        try { return await execution.WorksByEntityAsync(nits, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Listing the stored works for the SECOP execution pull failed");
            return null;
        }
    }

    static readonly ExecutionRun ExecutionFailed = new(0, 0, 0, 0, 0, [],
        "La lectura de la ejecución de contratos de datos.gov.co falló por un error inesperado; se reintentará en la próxima sincronización.");

    /// <summary>Never fails or undoes the contract pull: whatever happens is reported, and the next run reads again.</summary>
    async Task<ExecutionRun> PullExecutionAsync(string nit, IReadOnlyDictionary<string, IReadOnlySet<string>>? works, CancellationToken ct)
    {
        ExecutionRun run;
        try { run = works is null ? ExecutionFailed : await execution.RunAsync(nit, works[nit.Trim()], ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "SECOP execution pull of entity {EntityNit} failed", nit);
            run = ExecutionFailed;
        }
        log.LogInformation("SECOP execution pull of entity {EntityNit}: {Works} works, {Rows} rows, {Added} entries added, {Refused} refused, {Ignored} ignored; {Error}",
            nit, run.Works, run.Rows, run.Added, run.Refused, run.Ignored, run.Error ?? "complete");
        return run;
    }

    /// <summary>Starts importing the pending uploads now, without waiting for it: an upload is imported right away.
    /// A failure leaves the export pending for the next run.</summary>
    public void ImportPendingInBackground() => _ = Background.Start(async () =>
    {
        try
        {
            await oneAtATime.WaitAsync();
            try
            {
                if ((await ImportPendingLockedAsync(CancellationToken.None)).Any(e => Changed(e.Counts))) await RebuildOpenDataAsync(CancellationToken.None);
            }
            finally { oneAtATime.Release(); }
        }
        catch (Exception e)
        {
            log.LogError(e, "Background import of pending exports failed; the next sync run retries");
        }
    });

    static bool Changed(ImportCounts counts) => counts.New + counts.Changed > 0;

    /// <summary>Still inside the run's lock, so a sync that follows (or a caller awaiting this run) finds the open data
    /// of what it imported. A failed build leaves the previous files served; the next change or midnight builds again.</summary>
    async Task RebuildOpenDataAsync(CancellationToken ct)
    {
        try { await openData.BuildNowAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Building the open data after a sync failed; the previous files are still served");
        }
    }

    async Task<List<SecopExport>> ImportPendingLockedAsync(CancellationToken ct, string? entityNit = null)
    {
        var done = new List<SecopExport>();
        foreach (var export in await exports.ListPendingAsync(ct))
        {
            if (entityNit is not null && export.EntityNit != entityNit) continue;
            try
            {
                done.Add(await ImportAsync(export, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // It stays pending and is imported again (completed) on the next run; the others go on.
                log.LogError(e, "Export {ExportId} failed to import; it stays pending", export.ExportId);
            }
        }
        return done;
    }

    async Task<SecopExport> ImportAsync(SecopExport export, CancellationToken ct)
    {
        await using var file = await files.OpenReadAsync(export.FilePath, ct);
        var result = file is null
            ? ImportResult.Rejected("El archivo subido ya no está disponible.")
            // Only someone who sees every entity may move a contract from one entity to another (ContractOwnership).
            : await importer.ImportAsync(file, $"export:{export.ExportId}", ct, export.EntityNit, movedBy: export.EntityNit is null ? export.UploadedBy : null);
        var completed = export.Completed(result, clock.GetUtcNow());
        await exports.UpdateAsync(completed, ct);
        log.LogInformation("Export {ExportId} {Status}: {New} new, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected",
            export.ExportId, completed.Status, result.Counts.New, result.Counts.Changed, result.Counts.Unchanged, result.Counts.Rejected);
        return completed;
    }
}
