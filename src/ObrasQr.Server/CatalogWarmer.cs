using ObrasQr.Accountability;
using ObrasQr.Http;

namespace ObrasQr.Server;

/// <summary>
/// Builds the works catalog in the background once the instance has sent its first answer (or after 30 s without
/// one), so the first view of /, /estadisticas or /mapa does not build it while a citizen waits, and the build does
/// not delay the first scan of a page that never needs it (bench/cold-start). A view that comes before the build ends
/// simply waits for the same build. A failure is logged: the first view tries again.
/// </summary>
public sealed class CatalogWarmer(WorksCatalog catalog, FirstAnswer firstAnswer, TimeProvider clock, ILogger<CatalogWarmer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await firstAnswer.SentOrAfterAsync(TimeSpan.FromSeconds(30), clock, stoppingToken);
            // The embedded store answers synchronously: off the thread that signalled, so nothing else waits on it.
            var snapshot = await Task.Run(() => catalog.GetAsync(stoppingToken), stoppingToken);
            log.LogInformation("Works catalog ready: {Works} works, {Points} on the map", snapshot.Works.Count, snapshot.Points.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Building the works catalog at start failed; the first view will build it");
        }
    }
}
