using Microsoft.Extensions.Logging;
using ObrasQr.Contracts;

namespace ObrasQr.Secop;

/// <summary>
/// The bundled SECOP II exports of a Colombian city, imported when the store is empty (ObrasQr__SeedDemoData): the
/// first download, then a later one, so the demo shows real history.
/// </summary>
public sealed class DemoData(IContractStore contracts, SecopImporter importer, ILogger<DemoData> log)
{
    public static readonly string[] Files = ["secop-demo.csv", "secop-demo-update.csv"];

    /// <summary>What every page says while the demo data is on: the works are real SECOP II rows rewritten as examples,
    /// so an id may be a real contract of someone else with other figures.</summary>
    public const string Notice = "Los datos de este sitio son de ejemplo, para conocer ObrasQr: no son contratos, cifras ni reportes reales " +
        "de ninguna entidad y no sirven para decidir nada.";

    /// <summary>The open data's publisher while the demo data is on, so a reuser of the files sees it too.</summary>
    public static string Publisher(string name, bool demo) => demo ? $"{name} (DEMOSTRACIÓN: datos de ejemplo, no oficiales)" : name;

    /// <summary>A normal public work of the demo, for the start-up message.</summary>
    public const string SampleContractId = "CO1.PCCNTR.5361557";

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await contracts.CountAsync(ct) > 0) return false;
        foreach (var name in Files)
        {
            await using var embedded = typeof(DemoData).Assembly.GetManifestResourceStream($"ObrasQr.Secop.Demo.{name}")
                ?? throw new InvalidOperationException($"Demo export {name} is not embedded.");
            // The reader needs to seek back after sniffing the encoding.
            using var file = new MemoryStream();
            await embedded.CopyToAsync(file, ct);
            file.Position = 0;
            var result = await importer.ImportAsync(file, $"demo:{name}", ct);
            log.LogInformation("Demo export {File}: {New} new, {Changed} changed, {Rejected} rejected",
                name, result.Counts.New, result.Counts.Changed, result.Counts.Rejected);
        }
        return true;
    }
}
