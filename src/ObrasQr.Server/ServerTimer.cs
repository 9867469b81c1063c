using NCrontab;

namespace ObrasQr.Server;

/// <summary>
/// The server's counterpart of a Functions timer trigger: waits for the next time, runs, and on a failure logs it and
/// waits for the next time again; the timers are written so that what one run missed, the next one finds.
/// </summary>
public abstract class ServerTimer(TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>What the log calls one run ("Sync run", "Table backup").</summary>
    protected abstract string RunName { get; }

    protected abstract TimeSpan UntilNext(DateTimeOffset now);

    protected abstract Task RunOnceAsync(CancellationToken ct);

    /// <summary>Until the next occurrence of a 6-field cron expression (with seconds, UTC), as the Functions timers read it.</summary>
    protected static Func<DateTimeOffset, TimeSpan> Cron(string expression)
    {
        var schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return now => schedule.GetNextOccurrence(now.UtcDateTime) - now.UtcDateTime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(UntilNext(clock.GetUtcNow()), clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "{Run} failed", RunName);
            }
        }
    }
}
