using ObrasQr.Secop;

namespace ObrasQr.Tests.Storage;

// IExportStore's promises: the uploaded exports, pending ones oldest first, lists per entity.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

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
