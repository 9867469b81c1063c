using System.Diagnostics;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Backup;

namespace ObrasQr.Server;

/// <summary>
/// `ObrasQr.Server restore-azure RUN [--replace] [--from ACCOUNT] [--from-prefix PREFIX]`: writes the tables of a
/// nightly backup run into the Azure store named by the ObrasQr__Storage__* settings (docs/operations.md). The run is
/// read from the backups container of that same account, or of ACCOUNT (a connection string, or a blob service address
/// read with the same credential or with its SAS), under PREFIX (default: the store's own prefix). Exit codes: 0 restored and every
/// count matches the manifest, 1 refused or failed (a reason in Spanish and English), 2 wrong usage.
/// </summary>
public static class RestoreCommand
{
    public const int Done = 0, Failed = 1, Usage = 2;

    const string UsageText = "Uso / usage: ObrasQr__Store=azure ObrasQr__Storage__Tables__... ObrasQr__Storage__Blobs__... " +
        "dotnet ObrasQr.Server.dll restore-azure <carpeta de la copia, p. ej. 2026-12-07T080000Z> [--replace] [--from <cuenta>] [--from-prefix <prefijo>]";

    public static bool Wants(string[] args) => args.Length > 0 && args[0] == "restore-azure";

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var run, out var replace, out var from, out var fromPrefix)
            || !string.Equals(configuration["ObrasQr:Store"], "azure", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync(UsageText);
            return Usage;
        }
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddAzureStore(configuration);
        await using var provider = services.BuildServiceProvider();
        var target = provider.GetRequiredService<AzureStore>();
        var prefix = fromPrefix ?? configuration["ObrasQr:Storage:Prefix"] ?? "";
        var account = from is null ? provider.GetRequiredService<BlobServiceClient>() : SourceAccount(from, configuration);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await TableRestore.RunAsync(AzureStore.BackupsOf(account, prefix), run, target, replace, CancellationToken.None);
            if (result.Refused is not null)
            {
                await error.WriteLineAsync(result.Refused);
                return Failed;
            }
            await output.WriteLineAsync($"Copia / run {result.Manifest!.Run} (versión / version {result.Manifest.AppVersion}, " +
                $"de / from {result.Manifest.StartedAt:u} a / to {result.Manifest.FinishedAt:u}):");
            foreach (var table in result.Tables)
                await output.WriteLineAsync($"  {table.Name}: manifiesto / manifest {table.InManifest}, escritas / written {table.Written}, " +
                    $"contadas / counted {table.Counted}{(table.Matches ? "" : "  ← NO COINCIDE / MISMATCH")}");
            var rows = result.Tables.Sum(t => t.Written);
            if (!result.Complete)
            {
                await error.WriteLineAsync("Las filas no coinciden con el manifiesto: revise las tablas marcadas (row counts do not match the manifest).");
                return Failed;
            }
            await output.WriteLineAsync($"Listo / done: {rows} filas en {result.Tables.Count} tablas, {clock.Elapsed.TotalSeconds:0.0} s " +
                $"({rows} rows in {result.Tables.Count} tables). Los archivos (contenedor files) no están en la copia: ver docs/operations.md.");
            return Done;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"La restauración se detuvo / restore stopped: {e.Message}. Puede repetirse con --replace (it can be run again with --replace).");
            return Failed;
        }
    }

    /// <summary>--from: a blob service address (read with the store's credential, or with the SAS it carries) or a
    /// connection string.</summary>
    static BlobServiceClient SourceAccount(string from, IConfiguration configuration) =>
        Uri.TryCreate(from, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.Query.Length > 1 ? new BlobServiceClient(uri) : new BlobServiceClient(uri, AzureStore.Credential(configuration))
            : new BlobServiceClient(from);

    static bool TryParse(string[] args, out string run, out bool replace, out string? from, out string? fromPrefix)
    {
        (run, replace, from, fromPrefix) = ("", false, null, null);
        if (args.Length < 2 || args[0] != "restore-azure") return false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--replace": replace = true; break;
                case "--from" when i + 1 < args.Length: from = args[++i]; break;
                case "--from-prefix" when i + 1 < args.Length: fromPrefix = args[++i]; break;
                case var value when !value.StartsWith("--") && run.Length == 0: run = value; break;
                default: return false;
            }
        }
        return run.Length > 0;
    }
}
