using ObrasQr.Jobs;
using ObrasQr.OpenData;

namespace ObrasQr.Server;

/// <summary>
/// The server's open-data builds besides those after an import or sync: at start when nothing is built yet (after the
/// demo and bench data are stored), and each Colombian midnight, when days left and overdue change, through the build's
/// job (as the Functions app's OpenDataTimer). A failed build is logged; the files built before are still served.
/// </summary>
public sealed class OpenDataScheduler(OpenDataBuild build, IJobQueue jobs, TimeProvider clock, ILogger<OpenDataScheduler> log)
    : ServerTimer(clock, log)
{
    protected override string RunName => "Open data build";

    protected override TimeSpan UntilNext(DateTimeOffset now) => OpenDataBuild.UntilNextColombianMidnight(now);

    protected override Task RunOnceAsync(CancellationToken ct) => jobs.EnqueueAsync(JobRef.OpenData, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The embedded store answers synchronously: off the start-up thread, so the host goes on to listen.
        try { await Task.Run(() => build.EnsureBuiltAsync(stoppingToken), stoppingToken); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        catch (Exception e) { log.LogError(e, "Building the open data at start failed; it is built on the first request or at midnight"); }
        await base.ExecuteAsync(stoppingToken);
    }
}
