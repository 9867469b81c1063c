using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;

namespace ObrasQr.Server;

/// <summary>
/// `ObrasQr.Server migrate-azure`: brings the Azure store named by the ObrasQr__Storage__* settings (with
/// ObrasQr__Store=azure) to this version's keys, running every migration of <see cref="AzureMigrations"/>; run it with
/// the Functions app stopped, after deploying a version whose notes say its keys changed. Running it again writes
/// nothing. Exit codes: 0 done, 1 failed (a reason in Spanish), 2 wrong usage.
/// </summary>
public static class MigrateCommand
{
    public const int Done = 0, Failed = 1, Usage = 2;

    public static bool Wants(string[] args) => args.Length > 0 && args[0] == "migrate-azure";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        Program.AddStore(builder);
        builder.Services.AddObrasQr(builder.Configuration);
        builder.Services.RemoveAll<IValidateOptions<ObrasQrOptions>>(); // only the store's settings matter here
        await using var services = builder.Services.BuildServiceProvider();
        if (args.Length != 1 || services.GetService<AzureStore>() is not { } store)
        {
            await Console.Error.WriteLineAsync("Uso: ObrasQr__Store=azure ObrasQr__Storage__Tables__... dotnet ObrasQr.Server.dll migrate-azure");
            return Usage;
        }
        try
        {
            var written = await AzureMigrations.RunAllAsync(store, Console.Out, CancellationToken.None);
            await Console.Out.WriteLineAsync($"Listo: {written} filas escritas en total.");
            return Done;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"La migración se detuvo: {e.Message}. Puede ejecutarse de nuevo: continúa donde quedó.");
            return Failed;
        }
    }
}
