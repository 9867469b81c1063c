using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;

namespace ObrasQr.Server;

/// <summary>
/// On start: loads the demo exports into an empty store (ObrasQr__SeedDemoData) and says where to look, with the
/// development keys of this run, if any.
/// </summary>
public sealed class DemoSeeder(DemoData demo, IOptions<ObrasQrOptions> options, IServer server, IHostApplicationLifetime lifetime,
    ILogger<DemoSeeder> log, IReadOnlyDictionary<string, string> developmentKeys, IHostEnvironment environment, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.SeedDemoData && await demo.SeedIfEmptyAsync(ct))
        {
            log.LogInformation("Demo data loaded: a SECOP II export of Cartagena de Indias");
            // Reports and progress only in Development, like the demo sign-ins: elsewhere the demo is the exports alone.
            if (environment.IsDevelopment()) await services.GetRequiredService<DemoActivity>().SeedAsync(ct);
        }
        // Resolved only in Development: elsewhere nothing of the demo sign-ins is even constructed.
        var signIns = environment.IsDevelopment() && options.Value.SeedDemoData
            ? await services.GetRequiredService<DevelopmentStaff>().PrepareAsync(ct) : [];

        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null && options.Value.SeedDemoData)
                Console.WriteLine($"ObrasQr está listo. Página de una obra de demostración: {address}/o/{DemoData.SampleContractId}");
            else if (address is not null)
                Console.WriteLine($"ObrasQr está listo en {address}");
            if (services.GetService<SqliteDatabase>() is not null)
                Console.WriteLine($"Los datos están en la carpeta {Path.GetFullPath(options.Value.DataDirectory)}; para empezar de cero, detenga el servidor y bórrela.");
            foreach (var (role, key) in developmentKeys)
                Console.WriteLine($"Development key for the {role} role (this run only): Authorization: Bearer {key}");
            foreach (var (email, role, password) in signIns)
                Console.WriteLine($"Desk sign-in for the {role} role (this run only) at {address}/escritorio/entrar: {email} / {password}");
        });
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
