namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Every change of keys the Azure store has had, oldest first (docs/azure-tables.md, "Migrations"). Each one is
/// re-runnable: on data already migrated it writes nothing, so an operator runs them all after every upgrade, with
/// the Functions app stopped, through `ObrasQr.Server migrate-azure`.
/// </summary>
public static class AzureMigrations
{
    public sealed record Migration(string Name, string Description, Func<AzureStore, CancellationToken, Task<int>> RunAsync);

    public static readonly IReadOnlyList<Migration> All =
    [
        new("report-keys", "reportes por entidad y mes, y un puntero por reporte en la partición de su obra", ReportKeysMigration.RunAsync),
        new("works-index", "el índice de obras por entidad, las marcas del catálogo y los puntos del mapa", WorksIndexMigration.RunAsync),
        new("exports-per-entity", "las cargas de la oficina por entidad", ExportsPerEntityMigration.RunAsync),
        new("staff-log-per-entity", "el registro de cambios de cuentas por entidad", StaffLogPerEntityMigration.RunAsync),
        new("national-report-index", "el índice nacional de reportes por mes, para las listas de todo el país", NationalReportIndexMigration.RunAsync),
    ];

    /// <summary>Runs every migration in order and writes one Spanish line per migration; returns the rows written.</summary>
    public static async Task<int> RunAllAsync(AzureStore store, TextWriter output, CancellationToken ct)
    {
        await store.EnsureCreatedAsync(ct); // a migration may fill a table that this version added
        var total = 0;
        foreach (var migration in All)
        {
            var written = await migration.RunAsync(store, ct);
            total += written;
            await output.WriteLineAsync($"{migration.Name} ({migration.Description}): {written} filas escritas.");
        }
        return total;
    }
}
