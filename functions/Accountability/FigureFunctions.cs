using Microsoft.Azure.Functions.Worker;
using ObrasQr.Accountability;
using ObrasQr.Reports;

namespace ObrasQr.Functions.Accountability;

/// <summary>The national figures' roll-up, refreshed every 5 minutes (<see cref="KeptFigures.RefreshEvery"/>) when the
/// kept facts or the day changed; the first run of an installation rebuilds the facts from the reports.</summary>
public sealed class FigureFunctions(KeptFigures figures, IReportStore reports)
{
    [Function("FiguresTimer")]
    public Task RunOnSchedule([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => figures.RunAsync(reports, cancellationToken);
}
