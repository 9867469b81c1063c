using ObrasQr.Accountability;

namespace ObrasQr.Server;

/// <summary>
/// Builds the works catalog right after start, in the background, so the first view of /, /estadisticas or /mapa
/// does not read every work's history while a citizen waits (4.8-10.9 s at 5,000 works, docs/benchmarks.md). The
/// server listens meanwhile; a view that comes first simply waits for the same build. A failure is logged: the first
/// view tries again.
/// </summary>
public sealed class CatalogWarmer(WorksCatalog catalog, ILogger<CatalogWarmer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The embedded store answers synchronously: off the start-up thread, so the host goes on to listen.
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
