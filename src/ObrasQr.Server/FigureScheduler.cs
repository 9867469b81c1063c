using ObrasQr.Accountability;
using ObrasQr.Reports;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions figures timer: refreshes the national roll-up every
/// <see cref="KeptFigures.RefreshEvery"/> (a change made here refreshes it at once; this catches the day's turn). After a
/// failed run the figures keep their last roll-up and say its age.</summary>
public sealed class FigureScheduler(KeptFigures figures, IReportStore reports, TimeProvider clock, ILogger<FigureScheduler> log)
    : ServerTimer(clock, log)
{
    protected override string RunName => "Figures run";

    protected override TimeSpan UntilNext(DateTimeOffset now) => KeptFigures.RefreshEvery;

    protected override Task RunOnceAsync(CancellationToken ct) => figures.RunAsync(reports, ct);
}
