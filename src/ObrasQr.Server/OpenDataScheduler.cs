using ObrasQr.Jobs;
using ObrasQr.OpenData;

namespace ObrasQr.Server;

/// <summary>
/// The server's open-data builds besides those after a sync: at start when nothing is built yet (after the demo and
/// bench data are stored), and each Colombian midnight, when days left and overdue change, through the build's job (as
/// the Functions app's OpenDataTimer). A failed build is logged; the files built before are still served.
/// </summary>
public sealed class OpenDataScheduler(OpenDataBuild build, IJobQueue jobs, TimeProvider clock, ILogger<OpenDataScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The embedded store answers synchronously: off the start-up thread, so the host goes on to listen.
        await RunAsync(() => Task.Run(() => build.EnsureBuiltAsync(stoppingToken), stoppingToken), "at start");
        while (!stoppingToken.IsCancellationRequested)
            await RunAsync(async () =>
            {
                await Task.Delay(OpenDataBuild.UntilNextColombianMidnight(clock.GetUtcNow()), clock, stoppingToken);
                await jobs.EnqueueAsync(JobRef.OpenData, stoppingToken);
            }, "at midnight");

        async Task RunAsync(Func<Task> run, string when)
        {
            try { await run(); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e) { log.LogError(e, "Building the open data {When} failed; the files built before are still served", when); }
        }
    }
}
