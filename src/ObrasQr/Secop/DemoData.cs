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
