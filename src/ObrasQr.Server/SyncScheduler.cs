using Microsoft.Extensions.Options;
using NCrontab;
using ObrasQr.Sync;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions timer: queues the sync's jobs on ObrasQr__Sync__Schedule (UTC).</summary>
public sealed class SyncScheduler(SyncJob job, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<SyncScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(options.Value.Sync.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            log.LogInformation("Next sync at {Next:u}", next);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                await job.EnqueueAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One failed run must not stop the schedule; what was not queued is queued by the next one.
                log.LogError(e, "Sync run failed");
            }
        }
    }
}
