using Microsoft.Extensions.Logging;
using ObrasQr.Jobs;
using ObrasQr.Secop;

namespace ObrasQr.Sync;

/// <summary>What one run of the sync did: the uploads it imported, and one SODA pull per configured entity (none when
/// no SODA pull is configured).</summary>
public sealed record SyncRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<SecopExport> Exports, IReadOnlyList<SodaRun> Soda);

/// <summary>
/// Keeps contract records in sync: imports the uploads still pending, then, when ObrasQr__Sync__SodaBaseUrl and
/// __EntityNit (or __EntityNits) are set, pulls each entity's changed contracts from datos.gov.co, and after them,
/// what SECOP II's execution dataset states of each entity's works' progress. Each export's import and each entity's
/// sync runs under its job's lease (<see cref="JobRunner"/>), so two instances never run the same one at once. The
/// timers queue the jobs (<see cref="EnqueueAllAsync"/>); a "sync now" (<see cref="SyncNowRuns"/>) is one job that runs
/// them here, one after another, and stores what they did.
/// </summary>
public sealed class SyncJob(IExportStore exports, SodaSync soda, SecopExecutionSync execution, JobRunner runner, IJobQueue queue,
    TimeProvider clock, ILogger<SyncJob> log)
{
    /// <param name="entityNit">A scoped caller's run (staff of one entity): imports only that entity's pending uploads
    /// and pulls from datos.gov.co only that entity's contracts, if it is configured.</param>
    public async Task<SyncRun> RunAsync(CancellationToken ct = default, string? entityNit = null)
    {
        var started = clock.GetUtcNow();
        var done = await ImportPendingAsync(ct, entityNit);
        var pulled = new List<SodaRun>();
        // Staff of one entity pull only their entity's contracts; an unscoped run pulls every configured entity.
        foreach (var nit in soda.IsConfigured ? soda.Entities.Where(n => entityNit is null || n == entityNit).ToList() : [])
            await runner.RunHereAsync(JobRef.Sync(nit), async (_, token) => pulled.Add(await SyncOneAsync(nit, token)), ct);
        // An import builds the open data itself before it is marked done (JobWork); a pull that changed works, here.
        if (pulled.Any(p => Changed(p.Counts))) await RebuildOpenDataAsync(ct);
        return new SyncRun(started, clock.GetUtcNow(), done, pulled);
    }

    /// <summary>What the timers do: queue the import of every pending upload and the sync of every configured entity.</summary>
    public async Task EnqueueAllAsync(CancellationToken ct = default)
    {
        foreach (var export in await exports.ListPendingAsync(ct)) await queue.EnqueueAsync(JobRef.Import(export.ExportId), ct);
        if (soda.IsConfigured) foreach (var nit in soda.Entities) await queue.EnqueueAsync(JobRef.Sync(nit), ct);
    }

    /// <summary>The job of one entity (run under its lease): its pending uploads are queued, its contracts and then its
    /// works' progress pulled from datos.gov.co; a change asks for the open data to be built again.</summary>
    public async Task SyncEntityAsync(string entityNit, CancellationToken ct)
    {
        foreach (var export in await exports.ListPendingAsync(ct))
            if (export.EntityNit == entityNit) await queue.EnqueueAsync(JobRef.Import(export.ExportId), ct);
        if (!soda.IsConfigured || !soda.Entities.Contains(entityNit)) return;
        if (Changed((await SyncOneAsync(entityNit, ct)).Counts)) await queue.EnqueueAsync(JobRef.OpenData, ct);
    }

    /// <summary>The entity's contracts, then its works' progress, even after a contract pull that stopped early: the
    /// works already stored have their progress read.</summary>
    async Task<SodaRun> SyncOneAsync(string nit, CancellationToken ct)
    {
        var pulled = await PullAsync(nit, ct);
        return pulled with { Execution = await PullExecutionAsync(nit, await WorksByEntityAsync([nit], ct), ct) };
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
    async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>?> WorksByEntityAsync(IReadOnlyList<string> nits, CancellationToken ct)
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

    static bool Changed(ImportCounts counts) => counts.New + counts.Changed > 0;

    /// <summary>Before the run answers, so its caller finds the open data of what it imported; under the build's lease, so
    /// two instances never build at once. A failed build leaves the previous files served, and its job runs again later.</summary>
    Task RebuildOpenDataAsync(CancellationToken ct) => runner.RunHereAsync(JobRef.OpenData, ct);

    /// <summary>Each pending upload's import, here, under its lease: one another instance is importing is waited for.
    /// A failed one stays pending (its job counts the attempt) and the others go on.</summary>
    async Task<List<SecopExport>> ImportPendingAsync(CancellationToken ct, string? entityNit)
    {
        var done = new List<SecopExport>();
        foreach (var export in await exports.ListPendingAsync(ct))
        {
            if (entityNit is not null && export.EntityNit != entityNit) continue;
            await runner.RunHereAsync(JobRef.Import(export.ExportId), ct);
            if (await exports.FindAsync(export.ExportId, ct) is { } after && after.Status != ExportStatus.Pending) done.Add(after);
        }
        return done;
    }
}
