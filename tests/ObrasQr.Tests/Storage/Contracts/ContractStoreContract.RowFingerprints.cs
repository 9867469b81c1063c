using System.Text;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Sync;

namespace ObrasQr.Tests.Storage;

// The importer's row fingerprints (issue 16) kept by the contract store: an unchanged CSV row is told by its raw text.

public abstract partial class ContractStoreContract
{
    const string Header = "ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato,Nit Entidad,Objeto del Contrato";
    static readonly string[] Rows =
    [
        "CO1.PCCNTR.60001,En ejecución,Obra,1000,890480184,\"Calle 1, tramo \"\"A\"\"\"",
        "CO1.PCCNTR.60002,En ejecución,Obra,2000,890480184,Calle 2",
        "CO1.PCCNTR.60003,En ejecución,Obra,3000,890480184,Calle 3",
    ];

    static async Task<ImportResult> ImportCsvAsync(IContractStore store, string csv, string source, string? entityNit = null)
    {
        // Row by row, as after any other import: the whole-file fingerprint of ImportAsync is not what is tested here.
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await new SecopImporter(store, new MemoryState(), TimeProvider.System)
            .ImportRowsAsync(SecopFile.ReadAsync(file), source, entityNit: entityNit);
    }

    static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    [Fact]
    public async Task Reimport_of_an_unchanged_file_maps_no_row_again()
    {
        var store = NewStore();
        var first = await ImportCsvAsync(store, Csv(Rows), "export:1");
        var again = await ImportCsvAsync(store, Csv(Rows), "export:2");

        Assert.Equal((new ImportCounts(New: 3), 3), (first.Counts, first.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 3), 0), (again.Counts, again.RowsMapped));
        Assert.Equal("export:1", (await store.FindAsync("CO1.PCCNTR.60001"))!.Source);
    }

    [Fact]
    public async Task Row_fingerprint_is_not_trusted_after_a_sync_wrote_a_newer_version()
    {
        var store = NewStore();
        await ImportCsvAsync(store, Csv(Rows), "export:1");
        var imported = (await store.FindAsync("CO1.PCCNTR.60002"))!;
        await store.AddVersionAsync(imported.Next(imported.Contract with { Value = 9_000 }, T0, "soda:run")!);

        var again = await ImportCsvAsync(store, Csv(Rows), "export:2");

        Assert.Equal(new ImportCounts(Changed: 1, Unchanged: 2), again.Counts);   // the file's 2000 is a change again
        Assert.Equal(1, again.RowsMapped);
        Assert.Equal(2_000m, (await store.FindAsync("CO1.PCCNTR.60002"))!.Contract.Value);
    }

    [Fact]
    public async Task Same_row_under_a_different_header_order_is_mapped_again()
    {
        var store = NewStore();
        await ImportCsvAsync(store, Csv(Rows), "export:1");
        // The same cells with the first two columns swapped: each row's text differs, what it says does not.
        static string Swap(string line) { var cells = line.Split(',', 3); return $"{cells[1]},{cells[0]},{cells[2]}"; }

        var swapped = await ImportCsvAsync(store, string.Join("\r\n", [Swap(Header), .. Rows.Select(Swap)]), "export:2");

        Assert.Equal((new ImportCounts(Unchanged: 3), 3), (swapped.Counts, swapped.RowsMapped));
    }

    [Fact]
    public async Task Same_row_uploaded_under_another_scope_is_mapped_again_and_refused_when_not_its_entity()
    {
        var store = NewStore();
        await ImportCsvAsync(store, Csv(Rows), "export:1");

        var otherEntity = await ImportCsvAsync(store, Csv(Rows), "export:2", entityNit: "800000001");

        Assert.Equal((new ImportCounts(Rejected: 3), 3), (otherEntity.Counts, otherEntity.RowsMapped));
    }

    [Fact]
    public async Task A_row_with_warnings_is_mapped_again_so_its_warnings_are_counted_again()
    {
        var store = NewStore();
        var warned = "CO1.PCCNTR.60004,En ejecución,Obra,4000,890480184,Calle 4";
        var header = Header + ",Fecha de Firma";
        var csv = string.Join("\r\n", [header, Rows[0] + ",1/2/2024", warned + ",no es fecha"]);
        await ImportCsvAsync(store, csv, "export:1");

        var again = await ImportCsvAsync(store, csv, "export:2");

        Assert.Equal((new ImportCounts(Unchanged: 2, WithWarnings: 1), 1), (again.Counts, again.RowsMapped));
        Assert.Equal("Fecha de Firma", Assert.Single(again.Errors).Column);
    }

    // SECOP's "Última Actualización" (its export's header has no accents) moves on re-downloads of unchanged rows.
    static string Stamped(string stamp, params string[] rows) =>
        string.Join("\r\n", [Header + ",Ultima Actualizacion", .. rows.Select(r => $"{r},{stamp}")]) + "\r\n";

    [Fact]
    public async Task A_row_whose_update_stamp_alone_moved_is_mapped_once_and_then_told_by_its_fingerprint()
    {
        var store = NewStore();
        var first = await ImportCsvAsync(store, Stamped("2026-05-01T00:00:00.000", Rows), "export:1");
        var moved = Stamped("2026-05-08T00:00:00.000", Rows);

        var mappedOnce = await ImportCsvAsync(store, moved, "export:2");
        var again = await ImportCsvAsync(store, moved, "export:3");

        Assert.Equal((new ImportCounts(New: 3), 3), (first.Counts, first.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 3), 3), (mappedOnce.Counts, mappedOnce.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 3), 0), (again.Counts, again.RowsMapped));
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.60001"));                       // no version for a moved stamp
        var stored = (await store.FindAsync("CO1.PCCNTR.60001"))!;
        Assert.Equal(("export:1", new DateTime(2026, 5, 1)), (stored.Source, stored.Contract.UpdatedInSecop));
    }

    [Fact]
    public async Task A_row_with_a_warning_never_gets_a_fingerprint_even_when_only_its_stamp_moved()
    {
        var store = NewStore();
        var header = Header + ",Fecha de Firma,Ultima Actualizacion";
        string Csv(string stamp) => string.Join("\r\n",
            [header, $"{Rows[0]},1/2/2024,{stamp}", $"CO1.PCCNTR.60004,En ejecución,Obra,4000,890480184,Calle 4,no es fecha,{stamp}"]);
        await ImportCsvAsync(store, Csv("2026-05-01"), "export:1");

        var moved = await ImportCsvAsync(store, Csv("2026-05-08"), "export:2");
        var again = await ImportCsvAsync(store, Csv("2026-05-08"), "export:3");

        Assert.Equal((new ImportCounts(Unchanged: 2, WithWarnings: 1), 2), (moved.Counts, moved.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 2, WithWarnings: 1), 1), (again.Counts, again.RowsMapped));
        Assert.Equal("Fecha de Firma", Assert.Single(again.Errors).Column);                // its warning counted again
        var heads = await store.HeadsAsync(["CO1.PCCNTR.60001", "CO1.PCCNTR.60004"]);
        Assert.NotNull(heads["CO1.PCCNTR.60001"].RowFingerprint);
        Assert.Null(heads["CO1.PCCNTR.60004"].RowFingerprint);
    }

    [Fact]
    public async Task An_outdated_row_gets_no_fingerprint_and_is_mapped_and_counted_outdated_again()
    {
        var store = NewStore();
        await ImportCsvAsync(store, Stamped("2026-05-08", Rows), "export:new");
        var older = Stamped("2026-05-01", [Rows[0], Rows[1].Replace(",2000,", ",1500,")]);

        var first = await ImportCsvAsync(store, older, "export:old");
        var again = await ImportCsvAsync(store, older, "export:old-again");

        Assert.Equal((new ImportCounts(Unchanged: 1, Outdated: 1), 2), (first.Counts, first.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 1, Outdated: 1), 1), (again.Counts, again.RowsMapped));
        Assert.Equal(2_000m, (await store.FindAsync("CO1.PCCNTR.60002"))!.Contract.Value);
    }

    sealed class MemoryState : ISyncStateStore
    {
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> values = new();
        public Task<string?> GetAsync(string key, CancellationToken ct = default) => Task.FromResult(values.GetValueOrDefault(key));
        public Task SetAsync(string key, string value, CancellationToken ct = default) { values[key] = value; return Task.CompletedTask; }
    }
}
