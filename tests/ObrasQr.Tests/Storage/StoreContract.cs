using System.Text;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Tests.Storage;

// The storage contract every implementation keeps: SQLite here, Azure Tables/Blobs in ObrasQr.Functions.Tests
// (which links this file). Implementations subclass and say how to make a fresh, empty store.

public abstract partial class ContractStoreContract
{
    protected abstract IContractStore NewStore();

    static Contract Work(string id, decimal value = 1_000_000, string status = "En ejecución", string type = "Obra") =>
        new() { ContractId = id, Value = value, Status = status, Type = type, Object = "Pavimentación de la calle 30" };

    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task First_version_becomes_the_current_contract()
    {
        var store = NewStore();
        Assert.True(await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.1"), T0, "test")));

        var current = await store.FindAsync("CO1.PCCNTR.1");
        Assert.NotNull(current);
        Assert.Equal(1, current.Number);
        Assert.Equal(1_000_000m, current.Contract.Value);
        Assert.Equal(T0, current.SyncedAt);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Next_version_keeps_the_previous_one_in_history()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.2"), T0, "a");
        await store.AddVersionAsync(v1);
        var v2 = v1.Next(Work("CO1.PCCNTR.2", value: 1_600_000), T0.AddDays(30), "b")!;
        Assert.True(await store.AddVersionAsync(v2));

        Assert.Equal(2, (await store.FindAsync("CO1.PCCNTR.2"))!.Number);
        var history = await store.HistoryAsync("CO1.PCCNTR.2");
        Assert.Equal([1, 2], history.Select(v => v.Number));
        Assert.Equal([1_000_000m, 1_600_000m], history.Select(v => v.Contract.Value));
    }

    [Fact]
    public async Task Adding_an_existing_or_out_of_order_version_changes_nothing()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.3"), T0, "a");
        await store.AddVersionAsync(v1);

        Assert.False(await store.AddVersionAsync(v1 with { Contract = Work("CO1.PCCNTR.3", value: 5) }));
        Assert.False(await store.AddVersionAsync(v1 with { Number = 3 }));
        Assert.Equal(1_000_000m, (await store.FindAsync("CO1.PCCNTR.3"))!.Contract.Value);
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.3"));
    }

    [Fact]
    public async Task Lists_page_by_contract_id_the_published_works_or_every_contract()
    {
        var store = NewStore();
        foreach (var (id, type) in new[] { ("CO1.PCCNTR.10", "Obra"), ("CO1.PCCNTR.11", "Interventoría"), ("CO1.PCCNTR.12", "Obra"), ("CO1.PCCNTR.13", "Obra") })
            await store.AddVersionAsync(ContractVersion.First(Work(id, type: type), T0, "t"));

        var firstPage = await store.ListPublishedAsync(null, 2);
        var secondPage = await store.ListPublishedAsync(firstPage[^1].ContractId, 2);
        var all = await store.ListAllAsync(null, 10);
        var allAfter = await store.ListAllAsync("CO1.PCCNTR.10", 2);

        Assert.Equal(["CO1.PCCNTR.10", "CO1.PCCNTR.12"], firstPage.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.13"], secondPage.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.10", "CO1.PCCNTR.11", "CO1.PCCNTR.12", "CO1.PCCNTR.13"], all.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.11", "CO1.PCCNTR.12"], allAfter.Select(v => v.ContractId));
    }

    [Fact]
    public async Task Heads_tell_number_hash_stamp_and_source_of_the_existing_contracts_only()
    {
        var store = NewStore();
        var stamped = Work("CO1.PCCNTR.20") with { UpdatedInSecop = new DateTime(2026, 6, 18, 9, 30, 0) };
        var v1 = ContractVersion.First(stamped, T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.AddVersionAsync(v1.Next(stamped with { Value = 2_000_000 }, T0.AddDays(1), "export:b")!);
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.21"), T0, "export:a"));

        var heads = await store.HeadsAsync(["CO1.PCCNTR.20", "CO1.PCCNTR.21", "CO1.PCCNTR.404"]);

        Assert.Equal(2, heads.Count);
        var head = heads["CO1.PCCNTR.20"];
        Assert.Equal(2, head.Number);
        Assert.Equal((stamped with { Value = 2_000_000 }).ContentHash(), head.ContentHash);
        Assert.Equal(new DateTime(2026, 6, 18, 9, 30, 0), head.UpdatedInSecop);
        Assert.Equal("export:b", head.Source);
        Assert.Null(heads["CO1.PCCNTR.21"].UpdatedInSecop);
        Assert.Empty(await store.HeadsAsync([]));
    }

    [Fact]
    public async Task A_version_stored_with_the_legacy_hash_keeps_it_and_the_same_facts_make_no_next_version()
    {
        var store = NewStore();
        var contract = Work("CO1.PCCNTR.22");
        await store.AddVersionAsync(new ContractVersion(contract.ContractId, 1, contract, LegacyContentHash.Of(contract), T0, "export:a"));

        var head = (await store.HeadsAsync([contract.ContractId]))[contract.ContractId];
        var current = await store.FindAsync(contract.ContractId);

        Assert.Equal(LegacyContentHash.Of(contract), head.ContentHash);
        Assert.True(contract.HasContentHash(head.ContentHash, contract.ContentHash()));
        Assert.Null(current!.Next(contract, T0.AddDays(1), "export:b"));
    }

    [Fact]
    public async Task Add_versions_applies_each_in_order_and_refuses_only_those_out_of_turn()
    {
        var store = NewStore();
        var a1 = ContractVersion.First(Work("CO1.PCCNTR.30"), T0, "x");
        var a2 = a1.Next(Work("CO1.PCCNTR.30", value: 2), T0, "x")!;
        var b1 = ContractVersion.First(Work("CO1.PCCNTR.31"), T0, "x");
        var c3 = ContractVersion.First(Work("CO1.PCCNTR.32"), T0, "x") with { Number = 3 };
        await store.AddVersionAsync(b1);

        var results = await store.AddVersionsAsync([a1, b1 with { Contract = Work("CO1.PCCNTR.31", value: 9) }, a2, c3]);

        Assert.Equal([true, false, true, false], results);
        Assert.Equal([1, 2], (await store.HistoryAsync("CO1.PCCNTR.30")).Select(v => v.Number));
        Assert.Equal(2m, (await store.FindAsync("CO1.PCCNTR.30"))!.Contract.Value);
        Assert.Equal(1_000_000m, (await store.FindAsync("CO1.PCCNTR.31"))!.Contract.Value);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.32"));
        Assert.Equal(2, await store.CountAsync());
    }

    [Fact]
    public async Task Add_versions_of_a_thousand_contracts_in_one_call()
    {
        var store = NewStore();
        var versions = Enumerable.Range(0, 1000).Select(i => ContractVersion.First(Work($"CO1.PCCNTR.{100_000 + i}"), T0, "bulk")).ToList();

        Assert.All(await store.AddVersionsAsync(versions), Assert.True);
        Assert.Equal(1000, (await store.HeadsAsync(versions.Select(v => v.ContractId).ToList())).Count);
        Assert.Equal(1000, await store.CountAsync());
    }

    [Fact]
    public async Task Heads_tell_the_row_fingerprint_of_the_current_version_only()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.40"), T0, "export:a") with { RowFingerprint = "f1" };
        await store.AddVersionsAsync([v1, ContractVersion.First(Work("CO1.PCCNTR.41"), T0, "export:a") with { RowFingerprint = "f2" }]);
        Assert.Equal("f1", (await store.HeadsAsync(["CO1.PCCNTR.40"]))["CO1.PCCNTR.40"].RowFingerprint);

        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.40", value: 7), T0.AddDays(1), "soda:b")!);   // written without one
        await store.AddVersionsAsync([ContractVersion.First(Work("CO1.PCCNTR.41"), T0, "x") with { Number = 2, RowFingerprint = "f3" }]);

        var heads = await store.HeadsAsync(["CO1.PCCNTR.40", "CO1.PCCNTR.41"]);
        Assert.Null(heads["CO1.PCCNTR.40"].RowFingerprint);
        Assert.Equal("f3", heads["CO1.PCCNTR.41"].RowFingerprint);
    }

    [Fact]
    public async Task A_kept_row_fingerprint_goes_on_the_current_version_and_leaves_its_facts_alone()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.42"), T0, "export:a");
        await store.AddVersionAsync(v1);

        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.42", 1, "k1")]);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.42"]))["CO1.PCCNTR.42"];
        Assert.Equal(("k1", 1, v1.ContentHash, "export:a"), (head.RowFingerprint, head.Number, head.ContentHash, head.Source));
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.42"));
    }

    [Fact]
    public async Task A_kept_row_fingerprint_is_ignored_when_the_version_moved_on()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.43"), T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.43", value: 7), T0.AddDays(1), "export:b")! with { RowFingerprint = "f2" });

        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.43", 1, "late")]);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.43"]))["CO1.PCCNTR.43"];
        Assert.Equal(("f2", 2), (head.RowFingerprint, head.Number));
    }

    [Fact]
    public async Task A_kept_row_fingerprint_of_a_missing_contract_is_ignored_and_the_others_are_kept()
    {
        var store = NewStore();
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.44"), T0, "export:a"));

        await store.KeepRowFingerprintsAsync(
            [new RowFingerprintKept("CO1.PCCNTR.404", 1, "ghost"), new RowFingerprintKept("CO1.PCCNTR.44", 1, "k4")]);

        var heads = await store.HeadsAsync(["CO1.PCCNTR.404", "CO1.PCCNTR.44"]);
        Assert.Equal("k4", Assert.Single(heads).Value.RowFingerprint);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.404"));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task The_next_version_written_without_a_fingerprint_clears_a_kept_one()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.45"), T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.45", 1, "k5")]);

        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.45", value: 7), T0.AddDays(1), "soda:b")!);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.45"]))["CO1.PCCNTR.45"];
        Assert.Equal((null, 2), (head.RowFingerprint, head.Number));
    }

    // The importer's row fingerprints (issue 16) kept by this store: an unchanged CSV row is told by its raw text.
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

    [Fact]
    public async Task Unknown_contract_is_null_with_empty_history()
    {
        var store = NewStore();
        Assert.Null(await store.FindAsync("CO1.PCCNTR.404"));
        Assert.Empty(await store.HistoryAsync("CO1.PCCNTR.404"));
    }

    [Fact]
    public async Task Versions_before_a_number_are_the_newest_of_that_window_oldest_first()
    {
        var store = NewStore();
        var version = ContractVersion.First(Work("CO1.PCCNTR.20"), T0, "a");
        var versions = new List<ContractVersion> { version };
        for (var n = 2; n <= 12; n++)
            versions.Add(version = version.Next(Work("CO1.PCCNTR.20", value: n * 1_000_000), T0.AddDays(n), "a")!);
        Assert.All(await store.AddVersionsAsync(versions), Assert.True);
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.21"), T0, "b")); // a neighbour's versions stay out

        Assert.Equal([6, 7, 8, 9], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 10, 4)).Select(v => v.Number));
        Assert.Equal([7_000_000m, 8_000_000m], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 9, 2)).Select(v => v.Contract.Value));
        Assert.Equal([1, 2], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 3, 50)).Select(v => v.Number));
        Assert.Equal([10, 11, 12], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", int.MaxValue, 3)).Select(v => v.Number));
        Assert.Equal(versions.Select(v => v.Number), (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 13, 200)).Select(v => v.Number));
        Assert.Empty(await store.VersionsBeforeAsync("CO1.PCCNTR.20", 1, 50));
        Assert.Empty(await store.VersionsBeforeAsync("CO1.PCCNTR.404", 10, 50));
    }
}

public abstract class ReportStoreContract
{
    protected abstract IReportStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    static Report NewReport(string id, DateTimeOffset at, string contractId = "CO1.PCCNTR.1", string? key = null, string category = "obra_paralizada") => new()
    {
        ReportId = id,
        ContractId = contractId,
        Category = category,
        Description = "La obra está detenida desde hace un mes.",
        ReceivedAt = at,
        Deadline = DateOnly.FromDateTime(at.AddDays(21).Date),
        TrackingCodeHash = TrackingCode.Hash(id + "-code"),
        IdempotencyKey = key,
    };

    [Fact]
    public async Task Reports_are_listed_by_the_entity_of_their_contract()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("a1", T0) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b1", T0.AddMinutes(1)) with { EntityNit = "890801052" }, null);
        await store.AddAsync(NewReport("a2", T0.AddMinutes(2)) with { EntityNit = "890480184" }, null);

        var entityA = await store.ListAsync(new ReportQuery { EntityNit = "890480184" });
        var overdueB = await store.ListAsync(new ReportQuery { EntityNit = "890801052", OverdueOn = DateOnly.FromDateTime(T0.AddDays(60).Date) });

        Assert.Equal(["a2", "a1"], entityA.Select(r => r.ReportId));
        Assert.Equal("890480184", (await store.FindAsync("a1"))?.EntityNit);
        Assert.Equal(["b1"], overdueB.Select(r => r.ReportId));
    }

    [Fact]
    public async Task Staff_of_every_entity_page_through_all_entities_reports_newest_first_across_months()
    {
        var store = NewStore();
        var nextMonth = T0.AddDays(35);
        await store.AddAsync(NewReport("a1", T0) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b1", T0.AddMinutes(1)) with { EntityNit = "890801052" }, null);
        await store.AddAsync(NewReport("n1", T0.AddMinutes(1)), null);
        await store.AddAsync(NewReport("a2", nextMonth) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b2", nextMonth.AddMinutes(1)) with { EntityNit = "890801052" }, null);

        var pages = new List<string[]>();
        var query = new ReportQuery { Take = 2 };
        for (var page = await store.ListAsync(query); page.Count > 0; page = await store.ListAsync(query))
        {
            pages.Add([.. page.Select(r => r.ReportId)]);
            query = query with { After = (page[^1].ReceivedAt, page[^1].ReportId) };
        }

        Assert.Equal([["b2", "a2"], ["n1", "b1"], ["a1"]], pages);
        Assert.Equal(["a2", "a1"], (await store.ListAsync(new ReportQuery { EntityNit = "890480184", Take = 5 })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task A_works_reports_are_listed_with_their_filters_and_only_within_the_callers_entity()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("old", T0), null);
        await store.AddAsync(NewReport("a1", T0.AddMinutes(1)) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("a2", T0.AddDays(35)) with { EntityNit = "890480184", Status = ReportStatus.InReview }, null);
        await store.AddAsync(NewReport("other", T0.AddMinutes(2), contractId: "CO1.PCCNTR.2") with { EntityNit = "890480184" }, null);

        Assert.Equal(["a2", "a1", "old"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1" })).Select(r => r.ReportId));
        Assert.Equal(["a2", "a1"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", EntityNit = "890480184" })).Select(r => r.ReportId));
        Assert.Equal(["a2"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", Status = ReportStatus.InReview })).Select(r => r.ReportId));
        Assert.Empty(await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", EntityNit = "890801052" }));
        Assert.Empty(await store.ListAsync(new ReportQuery { ContractId = "" }));
        Assert.Equal(3, await store.CountForContractAsync("CO1.PCCNTR.1"));
    }

    [Fact]
    public async Task Report_is_found_by_id_and_by_tracking_hash()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);

        Assert.Equal("r1", (await store.FindAsync("r1"))?.ReportId);
        Assert.Equal("r1", (await store.FindByTrackingHashAsync(report.TrackingCodeHash))?.ReportId);
        Assert.Null(await store.FindByTrackingHashAsync(TrackingCode.Hash("other")));
    }

    [Fact]
    public async Task Concurrent_adds_are_each_stored_once_and_answered_with_their_own_report()
    {
        var store = NewStore();
        var reports = Enumerable.Range(0, 64).Select(i => NewReport($"c{i:D2}", T0.AddSeconds(i), key: i % 8 == 0 ? "shared" : $"k-{i}")).ToList();

        var answers = await Task.WhenAll(reports.Select(r => Task.Run(() => store.AddAsync(r, null))));

        var stored = await store.ListAsync(new ReportQuery { Take = 200 });
        Assert.Equal(57, stored.Count); // 56 with their own key, and one of the eight that share a key
        Assert.Equal(stored.Select(r => r.ReportId).Order(), stored.Select(r => r.ReportId).Distinct().Order());
        var sharedWinner = Assert.Single(stored, r => r.IdempotencyKey == "shared").ReportId;
        for (var i = 0; i < reports.Count; i++)
            Assert.Equal(i % 8 == 0 ? sharedWinner : reports[i].ReportId, answers[i].ReportId);
    }

    [Fact]
    public async Task Concurrent_adds_to_one_contract_are_each_found_by_their_own_id_tracking_code_and_identity()
    {
        // One contract and one month: on Azure one partition, where concurrent report rows share transactions.
        var store = NewStore();
        var reports = Enumerable.Range(0, 120).Select(i => NewReport($"g{i:D3}", T0.AddMilliseconds(i), key: $"key-{i}")).ToList();

        var answers = await Task.WhenAll(reports.Select(r => Task.Run(() =>
            store.AddAsync(r, new ReporterIdentity(r.ReportId, "Persona " + r.ReportId, null, null, T0, "consent")))));

        Assert.Equal(reports.Select(r => r.ReportId), answers.Select(a => a.ReportId));
        var stored = await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", Take = 500 });
        Assert.Equal(reports.Select(r => r.ReportId).Order(StringComparer.Ordinal), stored.Select(r => r.ReportId).Order(StringComparer.Ordinal));
        foreach (var report in reports)
        {
            Assert.Equal(report.ReportId, (await store.FindByTrackingHashAsync(report.TrackingCodeHash))?.ReportId);
            Assert.Equal(report.ReportId, (await store.FindAsync(report.ReportId))?.ReportId);
            Assert.Equal("Persona " + report.ReportId, (await store.FindIdentityAsync(report.ReportId))?.Name);
        }
    }

    [Fact]
    public async Task A_rerun_of_a_stored_report_among_concurrent_adds_returns_it_and_the_others_are_stored()
    {
        // On Azure the rerun's report row exists: the transaction it shares with the others fails as a whole, and
        // the store writes that group row by row, so each add still gets its own answer.
        var store = NewStore();
        var first = NewReport("first", T0, key: "k-first");
        await store.AddAsync(first, null);
        var others = Enumerable.Range(0, 40).Select(i => NewReport($"o{i:D2}", T0.AddSeconds(i + 1), key: $"k-{i}")).ToList();

        var answers = await Task.WhenAll(others.Prepend(first).Select(r => Task.Run(() => store.AddAsync(r, null))));

        Assert.Equal(others.Prepend(first).Select(r => r.ReportId), answers.Select(a => a.ReportId));
        var stored = await store.ListAsync(new ReportQuery { Take = 500 });
        Assert.Equal(41, stored.Count);
        Assert.Equal(41, stored.Select(r => r.ReportId).Distinct().Count());
        Assert.Equal("first", (await store.FindByTrackingHashAsync(first.TrackingCodeHash))?.ReportId);
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_report_and_stores_one()
    {
        var store = NewStore();
        var first = await store.AddAsync(NewReport("r1", T0, key: "k-1"), null);
        var retry = await store.AddAsync(NewReport("r2", T0.AddSeconds(1), key: "k-1"), null);

        Assert.Equal("r1", first.ReportId);
        Assert.Equal("r1", retry.ReportId);
        Assert.Null(await store.FindAsync("r2"));
        Assert.Single(await store.ListAsync(new ReportQuery()));
    }

    [Fact]
    public async Task Attempts_with_one_key_that_store_at_once_leave_one_report_and_all_answer_with_its_id()
    {
        // Ids come from the key (ReportDesk.ReportIdOf): every attempt names the same report, each with its own code.
        var store = NewStore();
        var attempts = Enumerable.Range(0, 6).Select(i => NewReport("from-key", T0.AddMilliseconds(i * 300), key: "k-1") with
        {
            TrackingCodeHash = TrackingCode.Hash($"code-{i}"),
        }).ToList();

        var answers = await Task.WhenAll(attempts.Select(a => Task.Run(() => store.AddAsync(a, null))));

        var stored = Assert.Single(await store.ListAsync(new ReportQuery()));
        Assert.Equal("from-key", stored.ReportId);
        Assert.All(answers, a => Assert.Equal(Seen(stored), Seen(a)));
        Assert.Contains(stored.TrackingCodeHash, attempts.Select(a => a.TrackingCodeHash));
        foreach (var attempt in attempts)
            Assert.Equal(Seen(stored), Seen(await store.FindByTrackingHashAsync(attempt.TrackingCodeHash)));
        Assert.Equal(1, await store.CountForContractAsync("CO1.PCCNTR.1"));
    }

    [Fact]
    public async Task A_report_stored_under_a_random_id_before_ids_came_from_keys_answers_by_id_tracking_code_and_key()
    {
        var store = NewStore();
        var before = await store.AddAsync(NewReport("0193a5f0c1d27e4b8a3f5c6d7e8f9a0b", T0, key: "k-old"), null);
        var retry = NewReport("from-key", T0.AddMinutes(3), key: "k-old");

        var answer = await store.AddAsync(retry, null);

        Assert.Equal(Seen(before), Seen(answer));
        Assert.Equal(Seen(before), Seen(await store.FindAsync(before.ReportId)));
        Assert.Equal(Seen(before), Seen(await store.FindByTrackingHashAsync(before.TrackingCodeHash)));
        Assert.Equal(Seen(before), Seen(await store.FindByTrackingHashAsync(retry.TrackingCodeHash)));
        Assert.Null(await store.FindAsync("from-key"));
        Assert.Single(await store.ListAsync(new ReportQuery()));
    }

    /// <summary>What tells one stored report from another: its id, the code it was stored with, when it was received.</summary>
    static (string?, string?, DateTimeOffset?) Seen(Report? report) => (report?.ReportId, report?.TrackingCodeHash, report?.ReceivedAt);

    [Fact]
    public async Task A_retry_registers_its_tracking_code_for_the_stored_report()
    {
        var store = NewStore();
        var first = NewReport("r1", T0, key: "k-1");
        var retry = NewReport("r2", T0.AddSeconds(1), key: "k-1");
        await store.AddAsync(first, null);
        await store.AddAsync(retry, new ReporterIdentity("r2", "Ana", null, null, T0, "consent"));

        Assert.Equal("r1", (await store.FindByTrackingHashAsync(first.TrackingCodeHash))?.ReportId);
        Assert.Equal("r1", (await store.FindByTrackingHashAsync(retry.TrackingCodeHash))?.ReportId);
        Assert.Null(await store.FindIdentityAsync("r2"));
        Assert.Null(await store.FindIdentityAsync("r1"));
    }

    [Fact]
    public async Task Identity_is_kept_apart_and_only_for_its_report()
    {
        var store = NewStore();
        var report = NewReport("r1", T0) with { Anonymous = false };
        await store.AddAsync(report, new ReporterIdentity("r1", "Ana Pérez", "ana@example.com", null, T0, "consent"));
        await store.AddAsync(NewReport("r2", T0), null);

        Assert.Equal("Ana Pérez", (await store.FindIdentityAsync("r1"))?.Name);
        Assert.Null(await store.FindIdentityAsync("r2"));
    }

    [Fact]
    public async Task List_filters_and_pages_newest_first()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
            await store.AddAsync(NewReport($"r{i}", T0.AddHours(i), contractId: i % 2 == 0 ? "CO1.PCCNTR.A" : "CO1.PCCNTR.B",
                category: i < 3 ? "sobrecosto" : "otro"), null);

        var page1 = await store.ListAsync(new ReportQuery { Take = 2 });
        var page2 = await store.ListAsync(new ReportQuery { Take = 2, After = (page1[^1].ReceivedAt, page1[^1].ReportId) });
        Assert.Equal(["r4", "r3"], page1.Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], page2.Select(r => r.ReportId));

        Assert.Equal(["r4", "r2", "r0"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.A" })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1", "r0"], (await store.ListAsync(new ReportQuery { Category = "sobrecosto" })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], (await store.ListAsync(new ReportQuery { From = T0.AddHours(1), To = T0.AddHours(3) })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task Overdue_filter_keeps_open_reports_past_their_deadline()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("late", T0) with { Deadline = new DateOnly(2026, 11, 10) }, null);
        await store.AddAsync(NewReport("answered", T0) with { Deadline = new DateOnly(2026, 11, 10), Status = ReportStatus.Answered }, null);
        await store.AddAsync(NewReport("on-time", T0) with { Deadline = new DateOnly(2026, 12, 10) }, null);

        var overdue = await store.ListAsync(new ReportQuery { OverdueOn = new DateOnly(2026, 11, 21) });

        Assert.Equal(["late"], overdue.Select(r => r.ReportId));
    }

    [Fact]
    public async Task Overdue_filter_agrees_with_the_domain_on_every_status()
    {
        var store = NewStore();
        var today = new DateOnly(2026, 11, 21);
        var reports = ReportStatus.Labels.Keys.Select((status, i) =>
            NewReport("late-" + status, T0.AddMinutes(i)) with { Deadline = new DateOnly(2026, 11, 10), Status = status }).ToList();
        foreach (var report in reports) await store.AddAsync(report, null);

        var overdue = await store.ListAsync(new ReportQuery { OverdueOn = today });

        Assert.Equal(reports.Where(r => r.IsOverdue(today)).Select(r => r.ReportId).Order(), overdue.Select(r => r.ReportId).Order());
        Assert.Equal(ReportStatus.Open.Count, overdue.Count);
    }

    [Fact]
    public async Task Due_window_keeps_open_reports_due_from_its_first_to_its_last_day_both_included()
    {
        var store = NewStore();
        var from = new DateOnly(2026, 11, 13);
        var by = new DateOnly(2026, 11, 18);
        await store.AddAsync(NewReport("overdue", T0) with { Deadline = from.AddDays(-1) }, null);
        await store.AddAsync(NewReport("first-day", T0.AddMinutes(1)) with { Deadline = from }, null);
        await store.AddAsync(NewReport("last-day", T0.AddMinutes(2)) with { Deadline = by, Status = ReportStatus.Forwarded }, null);
        await store.AddAsync(NewReport("answered", T0.AddMinutes(3)) with { Deadline = by, Status = ReportStatus.Answered }, null);
        await store.AddAsync(NewReport("later", T0.AddMinutes(4)) with { Deadline = by.AddDays(1) }, null);
        await store.AddAsync(NewReport("other-entity", T0.AddMinutes(5)) with { Deadline = by, EntityNit = "890801052" }, null);

        var due = await store.ListAsync(new ReportQuery { DueFrom = from, DueBy = by });
        var dueOfEntity = await store.ListAsync(new ReportQuery { DueFrom = from, DueBy = by, EntityNit = "890801052" });

        Assert.Equal(["other-entity", "last-day", "first-day"], due.Select(r => r.ReportId));
        Assert.Equal(["other-entity"], dueOfEntity.Select(r => r.ReportId));
    }

    [Fact]
    public async Task Counts_by_status_and_overdue_are_of_one_entity_or_of_all()
    {
        var store = NewStore();
        var today = new DateOnly(2026, 11, 21);
        var late = new DateOnly(2026, 11, 10);
        await store.AddAsync(NewReport("a1", T0) with { EntityNit = "890480184", Deadline = late }, null);
        await store.AddAsync(NewReport("a2", T0.AddMinutes(1)) with { EntityNit = "890480184", Deadline = late, Status = ReportStatus.Answered }, null);
        await store.AddAsync(NewReport("a3", T0.AddMinutes(2)) with { EntityNit = "890480184", Deadline = late, Status = ReportStatus.InReview }, null);
        await store.AddAsync(NewReport("a4", T0.AddMinutes(3)) with { EntityNit = "890480184", Deadline = today }, null);
        await store.AddAsync(NewReport("b1", T0.AddMinutes(4)) with { EntityNit = "890801052", Deadline = late }, null);

        var a = await store.CountAsync("890480184", today);
        var all = await store.CountAsync(null, today);
        var none = await store.CountAsync("900000000", today);

        Assert.Equal((2, 1, 1, 4), (a.Of(ReportStatus.Received), a.Of(ReportStatus.InReview), a.Of(ReportStatus.Answered), a.Total));
        Assert.Equal(2, a.Overdue); // a1 and a3: a2 is answered, a4 is due today, not yet overdue
        Assert.Equal((3, 5, 3), (all.Of(ReportStatus.Received), all.Total, all.Overdue));
        Assert.Equal((0, 0), (none.Total, none.Overdue));
    }

    [Fact]
    public async Task A_forwarding_keeps_the_authority_on_the_report_and_in_its_history()
    {
        var store = NewStore();
        var report = NewReport("r1", T0) with { Status = ReportStatus.InReview };
        await store.AddAsync(report, null);
        var forwarded = report.ChangeStatus(ReportStatus.Forwarded, "No es de nuestra competencia", null, "Ana Pérez", T0.AddDays(1),
            forwardedTo: "Corporación Autónoma Regional del Canal del Dique")!;

        Assert.True(await store.UpdateAsync(forwarded, expectedVersion: 1));

        var stored = (await store.FindAsync("r1"))!;
        Assert.Equal("Corporación Autónoma Regional del Canal del Dique", stored.ForwardedTo);
        Assert.Equal(("Ana Pérez", "Corporación Autónoma Regional del Canal del Dique"), (stored.History[0].By, stored.History[0].ForwardedTo));
    }

    [Fact]
    public async Task Count_for_contract_counts_only_that_contracts_reports()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("r1", T0, contractId: "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("r2", T0.AddHours(1), contractId: "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("r3", T0, contractId: "CO1.PCCNTR.B"), null);

        Assert.Equal(2, await store.CountForContractAsync("CO1.PCCNTR.A"));
        Assert.Equal(1, await store.CountForContractAsync("CO1.PCCNTR.B"));
        Assert.Equal(0, await store.CountForContractAsync("CO1.PCCNTR.C"));
    }

    [Fact]
    public async Task Update_needs_the_version_it_read()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);
        var moved = report.ChangeStatus(ReportStatus.InReview, "Asignado a control interno", null, "auditor", T0.AddDays(1))!;

        Assert.True(await store.UpdateAsync(moved, expectedVersion: 1));
        Assert.False(await store.UpdateAsync(moved with { Version = 3 }, expectedVersion: 1));
        var stored = await store.FindAsync("r1");
        Assert.Equal(ReportStatus.InReview, stored!.Status);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Asignado a control interno", Assert.Single(stored.History).Note);
        Assert.Equal([ "r1" ], (await store.ListAsync(new ReportQuery { Status = ReportStatus.InReview })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task Publishable_is_off_by_default_and_kept_once_an_auditor_marks_it()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);
        Assert.False((await store.FindAsync("r1"))!.Publishable);

        Assert.True(await store.UpdateAsync(report.MarkPublishable(true, "auditora", T0.AddDays(1))!, expectedVersion: 1));

        var stored = await store.FindAsync("r1");
        Assert.True(stored!.Publishable);
        Assert.Equal("auditora", Assert.Single(stored.History).By);
        Assert.True(Assert.Single(await store.ListAsync(new ReportQuery())).Publishable);
    }

    [Fact]
    public async Task Open_filter_splits_reports_owed_an_answer_from_the_others()
    {
        var store = NewStore();
        var answered = NewReport("r1", T0) with { Status = ReportStatus.Answered };
        var closed = NewReport("r2", T0.AddHours(1)) with { Status = ReportStatus.Closed };
        var received = NewReport("r3", T0.AddHours(2));
        var forwarded = NewReport("r4", T0.AddHours(3)) with { Status = ReportStatus.Forwarded };
        foreach (var r in new[] { answered, closed, received, forwarded }) await store.AddAsync(r, null);

        Assert.Equal(["r4", "r3"], (await store.ListAsync(new ReportQuery { Open = true })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], (await store.ListAsync(new ReportQuery { Open = false })).Select(r => r.ReportId));
        Assert.Equal(["r4"], (await store.ListAsync(new ReportQuery { Open = true, Take = 1 })).Select(r => r.ReportId));
    }
}

public abstract class IdentityAccessLogContract
{
    protected abstract IIdentityAccessLog NewLog();

    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_opening_of_an_identity_is_kept_with_who_and_when_oldest_first()
    {
        var log = NewLog();
        await log.RecordAsync(new IdentityAccess("r1", "Ana Pérez", T0.AddMinutes(5)));
        await log.RecordAsync(new IdentityAccess("r2", "Luis Gómez", T0));
        await log.RecordAsync(new IdentityAccess("r1", "Luis Gómez", T0));
        await log.RecordAsync(new IdentityAccess("r1", "Luis Gómez", T0)); // the same person in the same tick: both kept

        var r1 = await log.ListAsync("r1");

        Assert.Equal(["Luis Gómez", "Luis Gómez", "Ana Pérez"], r1.Select(a => a.By));
        Assert.Equal([T0, T0, T0.AddMinutes(5)], r1.Select(a => a.At));
        Assert.All(r1, a => Assert.Equal("r1", a.ReportId));
        Assert.Single(await log.ListAsync("r2"));
        Assert.Empty(await log.ListAsync("r3"));
    }
}

public abstract class ExportStoreContract
{
    protected abstract IExportStore NewStore();

    static SecopExport NewExport(string id, DateTimeOffset at) => new()
    {
        ExportId = id, FileName = "secop.csv", ContentType = "text/csv", Size = 10, FilePath = $"exports/{id}", UploadedAt = at, UploadedBy = "office",
    };

    [Fact]
    public async Task Pending_exports_come_oldest_first_until_imported()
    {
        var store = NewStore();
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddAsync(NewExport("b", t0.AddMinutes(5)));
        await store.AddAsync(NewExport("a", t0));

        Assert.Equal(["a", "b"], (await store.ListPendingAsync()).Select(e => e.ExportId));

        var done = (await store.FindAsync("a"))!.Completed(
            new ImportResult(new ImportCounts(New: 3, Rejected: 1), [new RowError(4, "Valor del Contrato", "no es un valor")], null), t0.AddMinutes(10));
        await store.UpdateAsync(done);

        Assert.Equal(["b"], (await store.ListPendingAsync()).Select(e => e.ExportId));
        var stored = await store.FindAsync("a");
        Assert.Equal(ExportStatus.ImportedWithWarnings, stored!.Status);   // one row was refused
        Assert.Equal(3, stored.Counts.New);
        Assert.Equal(4, Assert.Single(stored.Errors).Line);
    }

    [Fact]
    public async Task Uploads_list_newest_first_in_pages_and_only_the_asked_entitys_when_one_is_given()
    {
        var store = NewStore();
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddAsync(NewExport("e1", t0) with { EntityNit = "890480184" });
        await store.AddAsync(NewExport("e3", t0.AddMinutes(10)));
        await store.AddAsync(NewExport("e2", t0.AddMinutes(5)) with { EntityNit = "890399029" });
        await store.AddAsync(NewExport("e4", t0.AddMinutes(15)) with { EntityNit = "890480184" });
        await store.UpdateAsync((await store.FindAsync("e4"))!.Completed(new ImportResult(new ImportCounts(New: 1), [], null), t0.AddMinutes(16)));

        Assert.Equal(["e4", "e3"], (await store.ListAsync(null, 0, 2)).Select(e => e.ExportId));
        Assert.Equal(["e2", "e1"], (await store.ListAsync(null, 2, 2)).Select(e => e.ExportId));
        Assert.Empty(await store.ListAsync(null, 4, 2));
        var mine = await store.ListAsync("890480184", 0, 10);
        Assert.Equal(["e4", "e1"], mine.Select(e => e.ExportId));
        Assert.Equal(ExportStatus.Imported, mine[0].Status);   // the list carries what importing did
        Assert.Equal(["e1"], (await store.ListAsync("890480184", 1, 5)).Select(e => e.ExportId));
        Assert.Equal(["e2"], (await store.ListAsync("890399029", 0, 5)).Select(e => e.ExportId));
    }
}

public abstract class SyncStateStoreContract
{
    protected abstract ISyncStateStore NewStore();

    [Fact]
    public async Task Value_is_null_until_set_and_then_replaced()
    {
        var store = NewStore();
        Assert.Null(await store.GetAsync("soda:jbjy-vk9h:890480184"));

        await store.SetAsync("soda:jbjy-vk9h:890480184", "{\"offset\":1000}");
        await store.SetAsync("soda:jbjy-vk9h:890480184", "{\"offset\":2000}");
        await store.SetAsync("other", "x");

        Assert.Equal("{\"offset\":2000}", await store.GetAsync("soda:jbjy-vk9h:890480184"));
        Assert.Equal("x", await store.GetAsync("other"));
    }
}

public abstract class FileStoreContract
{
    protected abstract IFileStore NewStore();

    [Fact]
    public async Task Saved_file_reads_back_byte_for_byte_and_can_be_deleted()
    {
        var store = NewStore();
        var bytes = Encoding.UTF8.GetBytes("ID Contrato,Valor\nCO1.PCCNTR.1,$1,000\n");
        await store.SaveAsync("exports/e1", new MemoryStream(bytes));

        await using (var read = await store.OpenReadAsync("exports/e1"))
        {
            Assert.NotNull(read);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        await store.DeleteAsync("exports/e1");
        Assert.Null(await store.OpenReadAsync("exports/e1"));
    }

    [Fact]
    public async Task Missing_file_is_null()
    {
        Assert.Null(await NewStore().OpenReadAsync("photos/none.jpg"));
    }
}

public abstract class StaffStoreContract
{
    protected abstract IStaffStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    static StaffMember Ana(string id = "s-ana", string email = "Ana@Alcaldia.gov.co") =>
        new(id, "Ana Pérez", email, "admin", "890480184", Disabled: false, PasswordHash: "hash");

    [Fact]
    public async Task An_account_is_found_by_id_and_by_its_email_in_any_case()
    {
        var store = NewStore();
        Assert.True(await store.AddAsync(Ana()));

        Assert.Equal(Ana(), await store.FindAsync("s-ana"));
        Assert.Equal("s-ana", (await store.FindByEmailAsync("ana@alcaldia.GOV.CO"))?.Id);
        Assert.Null(await store.FindByEmailAsync("otra@alcaldia.gov.co"));
        Assert.Null(await store.FindAsync("s-none"));
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_in_another_case_is_refused()
    {
        var store = NewStore();
        await store.AddAsync(Ana());

        Assert.False(await store.AddAsync(Ana("s-other", "ANA@alcaldia.gov.co")));
        Assert.Null(await store.FindAsync("s-other"));
        Assert.Equal(["s-ana"], (await store.ListAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task Concurrent_failed_sign_ins_all_count_and_an_old_counter_starts_again()
    {
        var store = NewStore();
        var window = TimeSpan.FromMinutes(15);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.CountFailureAsync("a:ana", T0, window))));
        var counted = await store.FailuresAsync("a:ana");
        var later = await store.CountFailureAsync("a:ana", T0 + window, window);
        await store.CountFailureAsync("a:otra", T0, window);
        await store.ClearFailuresAsync("a:otra");

        Assert.Equal(new SignInFailures(12, T0), counted);
        Assert.Equal(new SignInFailures(1, T0 + window), later);
        Assert.Null(await store.FailuresAsync("a:otra"));
        Assert.Null(await store.FailuresAsync("a:nadie"));
    }

    [Fact]
    public async Task A_change_replaces_the_account_and_an_unknown_one_changes_nothing()
    {
        var store = NewStore();
        await store.AddAsync(Ana());
        var locked = Ana() with { Role = "auditor", EntityNit = null, Disabled = true };

        Assert.Equal(locked, await store.ChangeAsync("s-ana", _ => locked));
        Assert.Null(await store.ChangeAsync("s-ghost", m => m with { Disabled = true }));

        Assert.Equal(locked, await store.FindAsync("s-ana"));
        Assert.Null(await store.FindAsync("s-ghost"));
    }

    [Fact]
    public async Task A_replace_over_a_version_that_another_change_replaced_writes_nothing()
    {
        var store = NewStore();
        await store.AddAsync(Ana());
        var (read, version) = (await store.FindForChangeAsync("s-ana"))!.Value;

        Assert.True(await store.ReplaceAsync(read with { Disabled = true }, version));
        Assert.False(await store.ReplaceAsync(read with { Name = "Ana de antes" }, version));

        Assert.Equal(read with { Disabled = true }, await store.FindAsync("s-ana"));
    }

    [Fact]
    public async Task A_sign_in_that_read_the_account_before_an_admin_disabled_it_is_applied_again_and_keeps_it_disabled()
    {
        var store = NewStore();
        await store.AddAsync(Ana() with { RecoveryCodes = ["a", "b"] });
        var reads = 0;

        // The sign-in spends recovery code "a"; between its read and its write an admin disables the account.
        var stored = await store.ChangeAsync("s-ana", current =>
        {
            if (reads++ == 0) store.ChangeAsync("s-ana", m => m with { Disabled = true }).GetAwaiter().GetResult();
            return current with { RecoveryCodes = current.RecoveryCodes!.Where(c => c != "a").ToList() };
        });

        var now = (await store.FindAsync("s-ana"))!;
        Assert.Equal(2, reads);
        Assert.True(stored!.Disabled);
        Assert.True(now.Disabled);
        Assert.Equal(["b"], now.RecoveryCodes!);
    }

    [Fact]
    public async Task Accounts_are_listed_by_email()
    {
        var store = NewStore();
        await store.AddAsync(Ana("s-2", "zoe@x.co"));
        await store.AddAsync(Ana("s-1", "Beto@x.co"));

        Assert.Equal(["s-1", "s-2"], (await store.ListAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task A_session_is_found_by_its_hash_touched_and_ended()
    {
        var store = NewStore();
        var session = new StaffSession(new string('a', 64), "s-ana", "csrf-1", T0, T0);
        await store.AddSessionAsync(session);

        Assert.Equal(session, await store.FindSessionAsync(session.TokenHash));
        await store.TouchSessionAsync(session.TokenHash, T0.AddMinutes(10));
        Assert.Equal(T0.AddMinutes(10), (await store.FindSessionAsync(session.TokenHash))?.LastSeenAt);

        await store.EndSessionAsync(session.TokenHash);
        await store.TouchSessionAsync(session.TokenHash, T0.AddMinutes(20));
        Assert.Null(await store.FindSessionAsync(session.TokenHash));
        Assert.Null(await store.FindSessionAsync(new string('b', 64)));
    }

    [Fact]
    public async Task Changes_to_accounts_are_read_newest_first_up_to_a_limit()
    {
        var store = NewStore();
        for (var i = 0; i < 3; i++)
            await store.LogAsync(new StaffChange(T0.AddMinutes(i), "Ana Pérez", "beto@x.co", $"cambio {i}"));

        Assert.Equal(["cambio 2", "cambio 1"], (await store.ChangesAsync(2)).Select(c => c.What));
    }

    [Fact]
    public async Task Changes_to_an_entitys_accounts_are_read_apart_from_the_whole_log()
    {
        var store = NewStore();
        await store.LogAsync(new StaffChange(T0, "Ana Pérez", "beto@x.co", "cartagena 1", "890480184"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(1), "Ana Pérez", "carla@x.co", "turbaco", "890481343"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(2), "Ana Pérez", "dora@x.co", "sin entidad"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(3), "Ana Pérez", "beto@x.co", "cartagena 2", "890480184"));

        Assert.Equal(["cartagena 2", "cartagena 1"], (await store.ChangesAsync(10, "890480184")).Select(c => c.What));
        Assert.Equal(["cartagena 2"], (await store.ChangesAsync(1, "890480184")).Select(c => c.What));
        Assert.Equal(["cartagena 2", "sin entidad", "turbaco", "cartagena 1"], (await store.ChangesAsync(10)).Select(c => c.What));
        Assert.Empty(await store.ChangesAsync(10, "800000000"));
    }
}

public abstract class ProgressStoreContract
{
    protected abstract ObrasQr.Progress.IProgressStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    static ObrasQr.Progress.ProgressEntry Entry(string id, string contractId, DateOnly observed, decimal percent, DateTimeOffset at) => new()
    {
        EntryId = id, ContractId = contractId, ObservedOn = observed, Percent = percent, Note = "Vaciado de placa del segundo piso.",
        Photos = [$"progress/{id}/1.jpg"], Thumbnails = [$"progress/{id}/1.small.jpg"], Latitude = 10.3910, Longitude = -75.4794,
        RecordedBy = "Ana Pérez", RecordedAt = at,
    };

    [Fact]
    public async Task Entries_list_newest_observation_first_then_newest_recorded_and_only_for_their_contract()
    {
        var store = NewStore();
        await store.AddAsync(Entry("e1", "CO1.PCCNTR.1", new DateOnly(2026, 11, 10), 20, T0));
        await store.AddAsync(Entry("e2", "CO1.PCCNTR.1", new DateOnly(2026, 11, 18), 35.5m, T0.AddMinutes(1)));
        await store.AddAsync(Entry("e3", "CO1.PCCNTR.1", new DateOnly(2026, 11, 18), 36, T0.AddMinutes(2)));
        await store.AddAsync(Entry("e4", "CO1.PCCNTR.1", new DateOnly(2026, 11, 1), 10, T0.AddMinutes(3))); // recorded late
        await store.AddAsync(Entry("x1", "CO1.PCCNTR.2", new DateOnly(2026, 11, 19), 90, T0));

        var all = await store.ListAsync("CO1.PCCNTR.1", 10);
        var latestTwo = await store.ListAsync("CO1.PCCNTR.1", 2);

        Assert.Equal(["e3", "e2", "e1", "e4"], all.Select(e => e.EntryId));
        Assert.Equal(["e3", "e2"], latestTwo.Select(e => e.EntryId));
        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.1"));
        Assert.Equal(0, await store.CountAsync("CO1.PCCNTR.3"));
        Assert.Empty(await store.ListAsync("CO1.PCCNTR.3", 10));
    }

    [Fact]
    public async Task Entry_reads_back_whole_and_only_under_its_own_contract()
    {
        var store = NewStore();
        var entry = Entry("e9", "CO1.PCCNTR.9", new DateOnly(2026, 11, 19), 42.5m, T0);
        await store.AddAsync(entry);

        var found = await store.FindAsync("CO1.PCCNTR.9", "e9");

        Assert.NotNull(found);
        Assert.Equal(entry with { Photos = found.Photos, Thumbnails = found.Thumbnails, RemovedPhotos = found.RemovedPhotos }, found);
        Assert.Equal(entry.RemovedPhotos, found.RemovedPhotos);
        Assert.Equal(entry.Photos, found.Photos);
        Assert.Equal(entry.Thumbnails, found.Thumbnails);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.8", "e9"));
        Assert.Null(await store.FindAsync("CO1.PCCNTR.9", "nope"));
    }

    [Fact]
    public async Task An_entry_keeps_its_source_and_one_added_without_a_source_is_the_offices()
    {
        var store = NewStore();
        await store.AddAsync(Entry("s1", "CO1.PCCNTR.S", new DateOnly(2026, 11, 18), 40, T0) with { Source = ObrasQr.Progress.ProgressSource.Secop, Latitude = null, Longitude = null });
        await store.AddAsync(Entry("s2", "CO1.PCCNTR.S", new DateOnly(2026, 11, 19), 45, T0));
        await store.AddAsync(Entry("s3", "CO1.PCCNTR.T", new DateOnly(2026, 11, 19), 45, T0) with { Source = ObrasQr.Progress.ProgressSource.Secop });

        Assert.Equal(ObrasQr.Progress.ProgressSource.Secop, (await store.FindAsync("CO1.PCCNTR.S", "s1"))!.Source);
        Assert.Equal(ObrasQr.Progress.ProgressSource.Office, (await store.FindAsync("CO1.PCCNTR.S", "s2"))!.Source);
        Assert.Equal([ObrasQr.Progress.ProgressSource.Office, ObrasQr.Progress.ProgressSource.Secop],
            (await store.ListAsync("CO1.PCCNTR.S", 10)).Select(e => e.Source));
        Assert.Equal(ObrasQr.Progress.ProgressSource.Secop, Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.T").Source);
    }

    [Fact]
    public async Task Each_contracts_newest_entry_with_coordinates_is_its_place_and_a_newer_entry_without_them_keeps_it()
    {
        var store = NewStore();
        static ObrasQr.Progress.ProgressEntry Unlocated(ObrasQr.Progress.ProgressEntry e) => e with { Latitude = null, Longitude = null };
        await store.AddAsync(Entry("a1", "CO1.PCCNTR.A", new DateOnly(2026, 11, 10), 20, T0) with { Latitude = 10.40, Longitude = -75.50 });
        await store.AddAsync(Entry("a2", "CO1.PCCNTR.A", new DateOnly(2026, 11, 18), 30, T0.AddMinutes(1)) with { Latitude = 10.41, Longitude = -75.51 });
        await store.AddAsync(Unlocated(Entry("a3", "CO1.PCCNTR.A", new DateOnly(2026, 11, 19), 35, T0.AddMinutes(2))));
        await store.AddAsync(Entry("a0", "CO1.PCCNTR.A", new DateOnly(2026, 11, 1), 10, T0.AddMinutes(3)) with { Latitude = 10.30, Longitude = -75.40 }); // recorded late, observed first
        await store.AddAsync(Entry("b2", "CO1.PCCNTR.B", new DateOnly(2026, 11, 18), 50, T0.AddMinutes(5)) with { Latitude = 10.42, Longitude = -75.52 });
        await store.AddAsync(Entry("b1", "CO1.PCCNTR.B", new DateOnly(2026, 11, 18), 50, T0.AddMinutes(4)) with { Latitude = 10.43, Longitude = -75.53 }); // same day, recorded before
        await store.AddAsync(Unlocated(Entry("c1", "CO1.PCCNTR.C", new DateOnly(2026, 11, 18), 5, T0)));

        var located = (await store.LatestLocatedAsync()).Where(e => e.ContractId.StartsWith("CO1.PCCNTR.", StringComparison.Ordinal))
            .OrderBy(e => e.ContractId, StringComparer.Ordinal).ToList();

        Assert.Equal(["a2", "b2"], located.Select(e => e.EntryId));
        Assert.Equal((10.41, -75.51), (located[0].Latitude!.Value, located[0].Longitude!.Value));
        Assert.Equal(new DateOnly(2026, 11, 18), located[0].ObservedOn);
        // The copy a store may keep of the place is not an entry of the work.
        Assert.Equal(["a3", "a2", "a1", "a0"], (await store.ListAsync("CO1.PCCNTR.A", 10)).Select(e => e.EntryId));
        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.A"));
    }

    [Fact]
    public async Task Located_entries_of_one_work_added_at_once_all_stay_and_the_newest_is_its_place()
    {
        var store = NewStore();
        var entries = Enumerable.Range(1, 4).Select(i => Entry($"p{i}", "CO1.PCCNTR.P", new DateOnly(2026, 11, 10 + i), 10 * i, T0.AddMinutes(i))
            with { Latitude = 10 + i / 100.0, Longitude = -75.5 }).ToList();

        await Task.WhenAll(entries.Select(e => store.AddAsync(e)));

        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.P"));
        Assert.Equal("p4", Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.P").EntryId);
    }

    [Fact]
    public async Task A_store_without_located_entries_has_no_places()
    {
        var store = NewStore();
        await store.AddAsync(Entry("n1", "CO1.PCCNTR.N", new DateOnly(2026, 11, 18), 5, T0) with { Latitude = null, Longitude = null });

        Assert.DoesNotContain(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.N");
    }
}
