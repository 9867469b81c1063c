using Microsoft.Extensions.Options;
using ObrasQr.Reports;

namespace ObrasQr.Server.Storage;

/// <summary>
/// At start, before the server listens: removes what a crash can leave in the file folder. A report's photos are
/// written before its row is committed (so a stored report never lacks a photo); a kill -9 in between leaves a
/// photo folder no report names, and a kill during a write leaves a ".part" file. Neither is reachable, and photos
/// of a report never filed must not be kept. Nothing is written while this runs, so nothing in use is removed.
/// </summary>
public sealed class OrphanFileSweeper(IOptions<ObrasQrOptions> options, IReportStore reports, ILogger<OrphanFileSweeper> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct) => await SweepAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The number of files and folders removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var root = Path.Combine(options.Value.DataDirectory, "files");
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var part in Directory.EnumerateFiles(root, "*.part", SearchOption.AllDirectories).ToList())
        {
            File.Delete(part);
            removed++;
        }
        var photos = Path.Combine(root, "photos");
        if (Directory.Exists(photos))
        {
            foreach (var folder in Directory.EnumerateDirectories(photos).ToList())
            {
                if (await reports.FindAsync(Path.GetFileName(folder), ct) is not null) continue;
                Directory.Delete(folder, recursive: true);
                removed++;
            }
        }
        if (removed > 0) log.LogInformation("Removed {Count} orphan files or photo folders left by an interrupted write.", removed);
        return removed;
    }
}
