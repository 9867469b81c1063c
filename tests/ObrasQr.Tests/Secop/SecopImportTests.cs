using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Secop;

// The importer against the real SQLite store, with the real files of TestData/secop.
public sealed class SecopImportTests : IDisposable
{
    readonly TempDirectory temp = new();
    readonly SqliteContractStore store;
    readonly SqliteSyncStateStore state;

    public SecopImportTests()
    {
        var db = temp.Database();
        (store, state) = (new SqliteContractStore(db), new SqliteSyncStateStore(db));
    }

    public void Dispose() => temp.Dispose();

    SecopImporter Importer(IContractStore? contracts = null, int batchSize = 1000) =>
        new(contracts ?? store, state, TimeProvider.System) { BatchSize = batchSize };

    static async Task<ImportResult> ImportAsync(SecopImporter importer, string name, string source)
    {
        await using var file = File.OpenRead(TestData.PathOf($"secop/{name}"));
        return await importer.ImportAsync(file, source);
    }

    async Task<string> SnapshotAsync()
    {
        var all = await store.ListAllAsync(null, 1000);
        var histories = new List<string>();
        foreach (var v in all)
            histories.Add(string.Join(";", (await store.HistoryAsync(v.ContractId)).Select(h => $"{h.ContractId}/{h.Number}/{h.ContentHash}/{h.Source}")));
        return string.Join("\n", histories);
    }

    [Fact]
    public async Task Import_of_a_new_export_adds_version_one_of_each_contract()
    {
        var result = await ImportAsync(Importer(), "utf8-bom.csv", "export:1");

        Assert.Null(result.RejectionReason);
        Assert.Equal(new ImportCounts(New: 3), result.Counts);
        var a = await store.FindAsync("CO1.PCCNTR.7000001");
        Assert.Equal(1, a!.Number);
        Assert.Equal("export:1", a.Source);
        Assert.Equal(10_979_236_356m, a.Contract.Value);
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task Reimporting_the_same_rows_changes_nothing_whatever_the_file_shape()
    {
        await ImportAsync(Importer(), "utf8-bom.csv", "export:1");
        var before = await SnapshotAsync();

        var again = await ImportAsync(Importer(), "utf8-bom.csv", "export:2");           // same bytes
        var resaved = await ImportAsync(Importer(), "windows-1252.csv", "export:3");     // same rows, other bytes
        var shuffled = await ImportAsync(Importer(), "semicolon.csv", "export:4");

        Assert.Equal(new ImportCounts(Unchanged: 3), again.Counts);
        Assert.Equal(new ImportCounts(Unchanged: 3), resaved.Counts);
        Assert.Equal(new ImportCounts(Unchanged: 3), shuffled.Counts);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_keeps_previous_version_when_value_changes()
    {
        await ImportAsync(Importer(), "utf8-bom.csv", "export:1");

        var result = await ImportAsync(Importer(), "later.csv", "export:2");

        Assert.Equal(new ImportCounts(Changed: 1, Unchanged: 2), result.Counts);
        var history = await store.HistoryAsync("CO1.PCCNTR.7000001");
        Assert.Equal([1, 2], history.Select(v => v.Number));
        Assert.Equal(["export:1", "export:2"], history.Select(v => v.Source));
        Assert.Equal([10_979_236_356m, 12_979_236_356m], history.Select(v => v.Contract.Value));
        Assert.Equal([1826, 1916], history.Select(v => v.Contract.AddedDays));
        Assert.Equal([new DateOnly(2025, 9, 17), new DateOnly(2025, 12, 16)], history.Select(v => v.Contract.EndsOn));
        Assert.Equal(["En ejecución", "Prorrogado"], history.Select(v => v.Contract.Status));
        Assert.Equal([3_080_250m, 5_080_250m], history.Select(v => v.Contract.PaidValue));

        var changes = ContractChanges.Between(history);
        Assert.Equal(["Estado", "Valor del contrato", "Valor pagado", "Fecha de terminación", "Días adicionados"], changes.Select(c => c.Field));
        Assert.All(changes, c => Assert.Equal(new DateOnly(2026, 7, 20), c.On));
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.7000002"));
    }

    [Fact]
    public async Task Reimporting_unchanged_rows_over_versions_stored_with_the_legacy_hash_adds_no_version()
    {
        // What the former Contract.ContentHash stored for the rows of utf8-bom.csv.
        var legacy = new Dictionary<string, string>
        {
            ["CO1.PCCNTR.7000001"] = "a9c05c574cd012b483086ff0f9bdce17bd72df07ddc66c4c16d561a00a96cbb6",
            ["CO1.PCCNTR.7000002"] = "74df7fc918f754655b9a159e38569784777cacba71e03907548f32c4f10a73ea",
            ["CO1.PCCNTR.7000003"] = "3b1f6721a82edfeeab960a4168294a220244884785221b5af01c363f0475d489",
        };
        var rows = await SecopFileTests.ReadAsync("utf8-bom.csv");
        await store.AddVersionsAsync([.. rows.Select(r => new ContractVersion(r.Contract!.ContractId, 1, r.Contract, legacy[r.Contract.ContractId],
            DateTimeOffset.UnixEpoch, "export:antes"))]);
        var before = await SnapshotAsync();

        var again = await ImportAsync(Importer(), "utf8-bom.csv", "export:1");

        Assert.Equal(new ImportCounts(Unchanged: 3), again.Counts);
        Assert.Equal(before, await SnapshotAsync());

        var later = await ImportAsync(Importer(), "later.csv", "export:2");

        Assert.Equal(new ImportCounts(Changed: 1, Unchanged: 2), later.Counts);
        var changed = await store.FindAsync("CO1.PCCNTR.7000001");
        Assert.Equal(2, changed!.Number);
        Assert.Equal(changed.Contract.ContentHash(), changed.ContentHash);                  // a real change moves to the new scheme
        Assert.Equal(legacy["CO1.PCCNTR.7000002"], (await store.FindAsync("CO1.PCCNTR.7000002"))!.ContentHash);
    }

    [Fact]
    public async Task An_older_download_does_not_undo_a_newer_version()
    {
        await ImportAsync(Importer(), "later.csv", "export:1");

        var result = await ImportAsync(Importer(), "utf8-bom.csv", "export:2");

        Assert.Equal(new ImportCounts(Unchanged: 2, Outdated: 1), result.Counts);
        var a = await store.FindAsync("CO1.PCCNTR.7000001");
        Assert.Equal(1, a!.Number);
        Assert.Equal(12_979_236_356m, a.Contract.Value);
    }

    [Fact]
    public async Task Bad_rows_are_counted_and_reported_and_rows_with_only_warnings_imported()
    {
        var result = await ImportAsync(Importer(), "bad-rows.csv", "export:1");

        Assert.Equal(new ImportCounts(New: 4, Rejected: 2, WithWarnings: 2), result.Counts);
        Assert.Equal([4, 5, 6, 8], result.Errors.Select(e => e.Line));
        Assert.NotNull(await store.FindAsync("CO1.PCCNTR.7000011"));
        Assert.NotNull(await store.FindAsync("CO1.PCCNTR.7000013"));
        Assert.Null(await store.FindAsync("CO1.PCCNTR.7000010"));
    }

    [Theory]
    [InlineData("not-an-export.csv")]
    [InlineData("spreadsheet.xlsx")]
    [InlineData("binary.dat")]
    [InlineData("empty.csv")]
    [InlineData("blank.csv")]
    [InlineData("soda-truncated.json")]
    public async Task A_rejected_file_leaves_the_store_unchanged(string name)
    {
        await ImportAsync(Importer(), "utf8-bom.csv", "export:1");
        var before = await SnapshotAsync();

        var result = await ImportAsync(Importer(), name, "export:2");

        Assert.NotNull(result.RejectionReason);
        Assert.Equal(new ImportCounts(), result.Counts);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_crash_mid_import_leaves_each_contract_whole_and_a_rerun_completes_it()
    {
        await ImportAsync(Importer(), "bad-rows.csv", "export:1");                          // has A at version 1
        var crashing = new CountingStore(store) { FailAfterWrites = 1 };

        // One row per batch: A's change is written, then the store fails on B.
        await Assert.ThrowsAsync<IOException>(() => ImportAsync(Importer(crashing, batchSize: 1), "later.csv", "export:2"));
        Assert.Equal(2, (await store.FindAsync("CO1.PCCNTR.7000001"))!.Number);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.7000002"));

        // A JSON export whose first batch fails leaves nothing of that batch.
        await Assert.ThrowsAsync<IOException>(() => ImportAsync(Importer(new CountingStore(store) { FailAfterWrites = 0 }, batchSize: 2), "soda-export.json", "export:3"));
        Assert.Null(await store.FindAsync("CO1.PCCNTR.7000004"));

        var rerun = await ImportAsync(Importer(batchSize: 1), "later.csv", "export:2");
        Assert.Equal(new ImportCounts(New: 2, Changed: 1), rerun.Counts);                   // counted as one whole run would have
        Assert.Equal([1, 2], (await store.HistoryAsync("CO1.PCCNTR.7000001")).Select(v => v.Number));
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.7000002"));
        var json = await ImportAsync(Importer(), "soda-export.json", "export:3");
        Assert.Equal(new ImportCounts(New: 1, Outdated: 1), json.Counts);                    // A is newer in the store
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.7000004"));
        Assert.Equal(7, await store.CountAsync());
    }

    [Fact]
    public async Task Same_file_again_is_answered_from_its_fingerprint_until_something_else_is_written()
    {
        await ImportAsync(Importer(), "bad-rows.csv", "export:1");
        var counting = new CountingStore(store);

        var again = await ImportAsync(Importer(counting), "bad-rows.csv", "export:2");
        Assert.Equal(0, counting.HeadReads);
        Assert.Equal(new ImportCounts(Unchanged: 4, Rejected: 2, WithWarnings: 2), again.Counts);
        Assert.Equal(4, again.Errors.Count);

        await ImportAsync(Importer(), "utf8-bom.csv", "export:3");
        var afterOtherWrites = await ImportAsync(Importer(counting), "bad-rows.csv", "export:4");
        Assert.True(counting.HeadReads > 0);                                                 // read row by row this time
        Assert.Equal(new ImportCounts(Unchanged: 4, Rejected: 2, WithWarnings: 2), afterOtherWrites.Counts);
    }

    [Fact]
    public async Task Repeated_rows_of_one_contract_count_once_and_the_last_wins_with_a_warning()
    {
        var result = await ImportAsync(Importer(), "duplicates.csv", "export:1");

        Assert.Equal(new ImportCounts(New: 3, Duplicates: 2), result.Counts);   // 3 contracts created, as the store holds
        Assert.Equal(3, await store.CountAsync());
        var repeated = await store.FindAsync("CO1.PCCNTR.8000101");
        Assert.Equal(2_000_000m, repeated!.Contract.Value);
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.8000101"));
        var warning = Assert.Single(result.Errors);
        Assert.True(warning.RowKept);
        Assert.Equal(6, warning.Line);
    }

    // Batches of 1 put every repeat in a later batch (told by the writing side, which keeps the ids counted so far);
    // batches of 2 mix both. A repeat in a later batch is written as a change, and still counted once.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Repeated_rows_in_later_batches_count_once_and_warn_at_the_last_row(int batchSize)
    {
        var result = await ImportAsync(Importer(batchSize: batchSize), "duplicates.csv", "export:1");

        Assert.Equal(new ImportCounts(New: 3, Duplicates: 2), result.Counts);
        Assert.Equal(2_000_000m, (await store.FindAsync("CO1.PCCNTR.8000101"))!.Contract.Value);
        var warning = Assert.Single(result.Errors);
        Assert.Equal((6, true), (warning.Line, warning.RowKept));
    }

    [Fact]
    public async Task Re_importing_a_file_with_repeated_rows_changes_nothing()
    {
        await ImportAsync(Importer(), "duplicates.csv", "export:1");
        await ImportAsync(Importer(), "utf8-bom.csv", "export:2");   // so the fingerprint does not answer

        var again = await ImportAsync(Importer(), "duplicates.csv", "export:3");

        Assert.Equal(new ImportCounts(Unchanged: 3, Duplicates: 2), again.Counts);
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.8000101"));
    }

    [Theory]
    [InlineData("spanish-locale.csv")]
    [InlineData("export.xlsx")]
    public async Task Re_importing_a_spreadsheet_saved_file_row_by_row_changes_nothing(string name)
    {
        var first = await ImportAsync(Importer(), name, "export:1");
        await ImportAsync(Importer(), "utf8-bom.csv", "export:2");   // so the fingerprint does not answer
        var before = await SnapshotAsync();

        var again = await ImportAsync(Importer(), name, "export:3");

        Assert.Equal(first.Counts.New, again.Counts.Unchanged);
        Assert.Equal(0, again.Counts.New + again.Counts.Changed);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public void A_file_whose_every_row_was_refused_ends_rejected_not_imported()
    {
        var allRefused = new ImportResult(new ImportCounts(Rejected: 1000), [new RowError(2, "ID Contrato", "Falta el ID")], null);
        var someRefused = new ImportResult(new ImportCounts(New: 1, Rejected: 1), [new RowError(2, "ID Contrato", "Falta el ID")], null);
        var clean = new ImportResult(new ImportCounts(New: 3), [], null);

        Assert.Equal(ExportStatus.Rejected, ExportStatus.Of(allRefused));
        Assert.Equal(ExportStatus.ImportedWithWarnings, ExportStatus.Of(someRefused));
        Assert.Equal(ExportStatus.Imported, ExportStatus.Of(clean));
    }

    [Fact]
    public async Task Lower_case_ids_are_stored_upper_case_once_at_import()
    {
        await ImportAsync(Importer(), "spanish-locale.csv", "export:1");

        Assert.NotNull(await store.FindAsync("CO1.PCCNTR.8000001"));
    }

    [Fact]
    public async Task Errors_are_grouped_by_column_and_reason_with_exact_counts_first_lines_and_short_excerpts()
    {
        var csv = new System.Text.StringBuilder("ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato,Valor Pagado\n");
        for (var i = 0; i < 300; i++) csv.Append($"CO1.PCCNTR.{9_000_000 + i},En ejecución,Obra,1000,pagado-{i}{new string('x', 10_000)}\n");
        csv.Append(",En ejecución,Obra,1000,0\n");
        await using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString()));

        var result = await Importer().ImportAsync(file, "export:1");

        Assert.Equal(new ImportCounts(New: 300, Rejected: 1, WithWarnings: 300), result.Counts);
        var paid = result.ErrorGroups.Single(g => g.Column == "Valor Pagado");
        Assert.Equal(300, paid.Count);
        Assert.True(paid.RowKept);
        Assert.Equal(Enumerable.Range(2, 10), paid.FirstLines);
        Assert.Equal(1, result.ErrorGroups.Single(g => g.Column == "ID Contrato").Count);
        Assert.Equal(SecopImporter.MaxReportedErrors, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.True(e.Reason.Length < 250));
    }

    [Fact]
    public async Task Many_rows_go_in_batches_with_one_hash_read_and_one_write_each()
    {
        var counting = new CountingStore(store);
        var result = await ImportAsync(Importer(counting, batchSize: 2), "bad-rows.csv", "export:1");

        Assert.Equal(new ImportCounts(New: 4, Rejected: 2, WithWarnings: 2), result.Counts);
        Assert.Equal(3, counting.HeadReads);   // batches of 2 rows, each with a readable row
        Assert.Equal(3, counting.Writes);
    }
}

/// <summary>The real store, counting calls, and failing (as a full disk or a killed process would) after some writes.</summary>
sealed class CountingStore(IContractStore inner) : IContractStore
{
    public int FailAfterWrites { get; init; } = int.MaxValue;
    public int HeadReads { get; private set; }
    public int Writes { get; private set; }
    public int HistoryReads { get; private set; }

    public Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        HeadReads++;
        return inner.HeadsAsync(ids, ct);
    }

    public Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default)
    {
        if (Writes >= FailAfterWrites) throw new IOException("Disco lleno (simulado).");
        Writes++;
        return inner.AddVersionsAsync(versions, ct);
    }

    public Task RepairIndexAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default) => inner.RepairIndexAsync(ids, ct);
    public Task<ContractVersion?> FindAsync(string id, CancellationToken ct = default) => inner.FindAsync(id, ct);
    public Task<IReadOnlyList<ContractVersion>> HistoryAsync(string id, CancellationToken ct = default)
    {
        HistoryReads++;
        return inner.HistoryAsync(id, ct);
    }

    public Task<IReadOnlyList<ContractVersion>> ListPublishedAsync(string? after, int take, CancellationToken ct = default) => inner.ListPublishedAsync(after, take, ct);
    public Task<IReadOnlyList<ContractVersion>> ListAllAsync(string? after, int take, CancellationToken ct = default) => inner.ListAllAsync(after, take, ct);
    public Task<IReadOnlyList<ContractVersion>> ListByEntityAsync(string nit, bool publishedOnly, string? after, int take, CancellationToken ct = default) =>
        inner.ListByEntityAsync(nit, publishedOnly, after, take, ct);
    public Task<string?> NationalStampAsync(CancellationToken ct = default) => inner.NationalStampAsync(ct);
    public Task<CatalogStamps> StampsAsync(CancellationToken ct = default) => inner.StampsAsync(ct);
    public Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default) => inner.AddVersionAsync(version, ct);
    public Task<int> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    public Task<RecentHistory?> RecentAsync(string id, int take, CancellationToken ct = default) => inner.RecentAsync(id, take, ct);
    public Task KeepFactsSummaryAsync(string id, ContractFactsSummary summary, CancellationToken ct = default) => inner.KeepFactsSummaryAsync(id, summary, ct);
    public Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default) => inner.KeepRowFingerprintsAsync(rows, ct);
    public Task<IReadOnlyList<ContractVersion>> VersionsBeforeAsync(string id, int beforeNumber, int take, CancellationToken ct = default) => inner.VersionsBeforeAsync(id, beforeNumber, take, ct);
}
