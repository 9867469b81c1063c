using Microsoft.Extensions.Options;
using ObrasQr.Http;
using ObrasQr.Reports;
using ObrasQr.Secop;

namespace ObrasQr.Server.Storage;

/// <summary>
/// Removes what a crash can leave in the file folder. A report's photos are written before its row is committed (so a
/// stored report never lacks a photo); a kill -9 in between leaves a photo folder no report names, and a kill during
/// a write leaves a ".part" file. Neither is reachable, and photos of a report never filed must not be kept.
/// It runs after the instance's first answer (it reads one report per photo folder, which must not delay the first
/// scan: bench/cold-start) and touches only what was last written before this process started, so a photo of a
/// report being filed right now is never taken for an orphan. An export sent in chunks and never completed (its
/// record and its parts, <see cref="ExportUpload"/>) is removed once older than its lifetime, at start and every day
/// (<see cref="Daily"/>).
/// </summary>
public sealed class OrphanFileSweeper(IOptions<ObrasQrOptions> options, IReportStore reports, FirstAnswer firstAnswer, TimeProvider clock,
    ILogger<OrphanFileSweeper> log) : BackgroundService
{
    readonly DateTime startedAt = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await firstAnswer.SentOrAfterAsync(TimeSpan.FromSeconds(30), clock, stoppingToken);
            await SweepAsync(startedAt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Sweeping orphan files failed; the next start tries again");
        }
    }

    /// <summary>Removes orphans last written before <paramref name="writtenBefore"/> (UTC; now when null) and returns
    /// how many files and folders it removed.</summary>
    public async Task<int> SweepAsync(DateTime? writtenBefore = null, CancellationToken ct = default)
    {
        var before = writtenBefore ?? DateTime.UtcNow;
        var root = Path.Combine(options.Value.DataDirectory, "files");
        if (!Directory.Exists(root)) return 0;
        // Photo folders are judged before any ".part" file goes: removing one changes its folder's time.
        var photos = Path.Combine(root, "photos");
        var oldFolders = Directory.Exists(photos) ? Directory.EnumerateDirectories(photos).Where(f => LastWrite(f) < before).ToList() : [];
        var removed = SweepExpiredUploads(DateTime.UtcNow);
        foreach (var part in Directory.EnumerateFiles(root, "*.part", SearchOption.AllDirectories).ToList())
        {
            if (File.GetLastWriteTimeUtc(part) >= before) continue;
            File.Delete(part);
            removed++;
        }
        foreach (var folder in oldFolders)
        {
            if (await reports.FindAsync(Path.GetFileName(folder), ct) is not null) continue;
            Directory.Delete(folder, recursive: true);
            removed++;
        }
        if (removed > 0) log.LogInformation("Removed {Count} orphan files or photo folders left by an interrupted write.", removed);
        return removed;
    }

    /// <summary>Removes the records and parts of chunked uploads last written more than their lifetime before
    /// <paramref name="now"/> (UTC): the upload can no longer be completed.</summary>
    public int SweepExpiredUploads(DateTime now)
    {
        var root = Path.Combine(options.Value.DataDirectory, "files");
        var before = now - ExportUpload.Lifetime;
        var removed = 0;
        var records = Path.Combine(root, ExportUpload.Folder);
        if (Directory.Exists(records))
            foreach (var record in Directory.EnumerateFiles(records, "*.json").Where(f => File.GetLastWriteTimeUtc(f) < before).ToList())
            {
                File.Delete(record);
                removed++;
            }
        var exports = Path.Combine(root, "exports");
        if (Directory.Exists(exports))
            foreach (var parts in Directory.EnumerateDirectories(exports, "*" + FolderFileStore.PartsSuffix).Where(f => LastWrite(f) < before).ToList())
            {
                Directory.Delete(parts, recursive: true);
                removed++;
            }
        if (removed > 0) log.LogInformation("Removed {Count} records or parts of uploads never completed.", removed);
        return removed;
    }

    /// <summary>The newest write in a folder: the folder's own time changes when a file is added, not when one is written.</summary>
    static DateTime LastWrite(string folder) =>
        Directory.EnumerateFiles(folder).Select(File.GetLastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(folder)).Max();

    /// <summary>The daily pass over uploads never completed, for a server that runs for weeks without a restart.</summary>
    public sealed class Daily(OrphanFileSweeper sweeper, TimeProvider clock, ILogger<Daily> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var daily = new PeriodicTimer(TimeSpan.FromDays(1), clock);
            try
            {
                while (await daily.WaitForNextTickAsync(stoppingToken))
                {
                    try { sweeper.SweepExpiredUploads(clock.GetUtcNow().UtcDateTime); }
                    catch (IOException e) { log.LogError(e, "Sweeping expired uploads failed; tomorrow's pass tries again"); }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
