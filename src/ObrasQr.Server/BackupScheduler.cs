using NCrontab;
using ObrasQr.AzureStorage.Backup;

namespace ObrasQr.Server;

/// <summary>
/// The server's counterpart of the Functions backup timer, on the Azure store only: runs <see cref="TableBackup"/> on
/// ObrasQr__Backup__Schedule (6-field cron, UTC; default 03:00 in Colombia). On SQLite the operator copies the database
/// and the folder instead (docs/operations.md).
/// </summary>
public sealed class BackupScheduler(TableBackup backup, IConfiguration configuration, TimeProvider clock, ILogger<BackupScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var setting = configuration["ObrasQr:Backup:Schedule"];
        var schedule = CrontabSchedule.Parse(string.IsNullOrWhiteSpace(setting) ? TableBackup.DefaultSchedule : setting,
            new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                var run = await backup.RunAsync(stoppingToken);
                log.LogInformation("Table backup {Run}: {Rows} rows", run.Run, run.Tables.Sum(t => t.Rows));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The run has no manifest, so nobody restores it; the next night's run starts a new folder.
                log.LogError(e, "Table backup failed");
            }
        }
    }
}
