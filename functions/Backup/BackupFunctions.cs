using Microsoft.Azure.Functions.Worker;
using ObrasQr.AzureStorage.Backup;

namespace ObrasQr.Functions.Backup;

/// <summary>The nightly table backup (docs/operations.md) on the timer of app setting ObrasQr__Backup__Schedule
/// (6-field NCRONTAB, UTC; infra-bicep sets 0 0 8 * * *, 03:00 in Colombia), named with colons as the sync timer's.</summary>
public sealed class BackupFunctions(TableBackup backup)
{
    [Function("BackupTimer")]
    public Task RunOnSchedule([TimerTrigger("%ObrasQr:Backup:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) => backup.RunAsync(cancellationToken);
}
