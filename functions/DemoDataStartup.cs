using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ObrasQr.Secop;

namespace ObrasQr.Functions;

/// <summary>On start, after the store's tables exist: the bundled demo exports go into an empty store when
/// ObrasQr__SeedDemoData is on, with the demo's reports and progress in Development (the server's DemoSeeder does the same
/// and also prints where to look).</summary>
public sealed class DemoDataStartup(DemoData demo, DemoActivity activity, IOptions<ObrasQrOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.SeedDemoData && await demo.SeedIfEmptyAsync(ct) && environment.IsDevelopment())
            await activity.SeedAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
