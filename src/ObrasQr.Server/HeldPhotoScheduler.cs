using Microsoft.Extensions.Options;
using NCrontab;
using ObrasQr.Reports;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions held-photo timer: on ObrasQr__Reports__HeldPhotoSweep (UTC)
/// deletes the held photos past their lifetime in the file store, those of other and earlier instances included.</summary>
public sealed class HeldPhotoScheduler(HeldPhotos heldPhotos, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<HeldPhotoScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(options.Value.Reports.HeldPhotoSweep, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                await Task.Delay(schedule.GetNextOccurrence(now) - now, clock, stoppingToken);
                var swept = await heldPhotos.SweepStoreAsync(stoppingToken);
                if (swept > 0) log.LogInformation("Deleted {Count} expired held photo folders", swept);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // What this run left, the next one finds again.
                log.LogError(e, "Held photo sweep failed");
            }
        }
    }
}
