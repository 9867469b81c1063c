using ObrasQr.Accountability;
using ObrasQr.Reports;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions figures timer: refreshes the national roll-up every
/// <see cref="KeptFigures.RefreshEvery"/> (a change made here refreshes it at once; this catches the day's turn).</summary>
public sealed class FigureScheduler(KeptFigures figures, IReportStore reports, TimeProvider clock, ILogger<FigureScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(KeptFigures.RefreshEvery, clock, stoppingToken);
                await figures.RunAsync(reports, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The figures keep their last roll-up and say its age; the next run tries again.
                log.LogError(e, "Figures run failed");
            }
        }
    }
}
