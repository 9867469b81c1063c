using ObrasQr.AzureStorage.Backup;

namespace ObrasQr.Server;

/// <summary>
/// The server's counterpart of the Functions backup timer, on the Azure store only: runs <see cref="TableBackup"/> on
/// ObrasQr__Backup__Schedule (6-field cron, UTC; default 03:00 in Colombia). On SQLite the operator copies the database
/// and the folder instead (docs/operations.md). A failed run has no manifest, so nobody restores it; the next night's
/// run starts a new folder.
/// </summary>
public sealed class BackupScheduler(TableBackup backup, IConfiguration configuration, TimeProvider clock, ILogger<BackupScheduler> log)
    : ServerTimer(clock, log)
{
    readonly Func<DateTimeOffset, TimeSpan> untilNext = Cron(
        string.IsNullOrWhiteSpace(configuration["ObrasQr:Backup:Schedule"]) ? TableBackup.DefaultSchedule : configuration["ObrasQr:Backup:Schedule"]!);

    protected override string RunName => "Table backup";

    protected override TimeSpan UntilNext(DateTimeOffset now) => untilNext(now);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var run = await backup.RunAsync(ct);
        log.LogInformation("Table backup {Run}: {Rows} rows", run.Run, run.Tables.Sum(t => t.Rows));
    }
}
