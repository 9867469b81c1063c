using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ObrasQr.Secop;

namespace ObrasQr.Functions;

/// <summary>On start, after the store's tables exist: the bundled demo exports go into an empty store when
/// ObrasQr__SeedDemoData is on (the server's DemoSeeder does the same and also prints where to look).</summary>
public sealed class DemoDataStartup(DemoData demo, IOptions<ObrasQrOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.SeedDemoData) await demo.SeedIfEmptyAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
