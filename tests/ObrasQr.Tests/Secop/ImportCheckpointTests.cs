using System.Text;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Secop;

/// <summary>An import interrupted after some batches resumes from its last checkpoint and ends as one uninterrupted run.</summary>
public sealed class ImportCheckpointTests : IDisposable
{
    readonly TempDirectory interrupted = new(), clean = new();

    public void Dispose()
    {
        interrupted.Dispose();
        clean.Dispose();
    }

    sealed class WorkerDied : Exception;

    /// <summary>30 works; row 12's value is not money (refused); row 25 repeats row 3's contract with another object.</summary>
    static byte[] Export()
    {
        var csv = new StringBuilder("ID Contrato,Nit Entidad,Nombre Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato,Objeto del Contrato,Ciudad\n");
        for (var i = 1; i <= 30; i++)
        {
            var id = i == 25 ? 3 : i;
            csv.Append($"CO1.PCCNTR.88{id:D5},890480184,Entidad de prueba,Obra,En ejecución,{(i == 12 ? "mucho" : "$1,000,000")},Obra de prueba {i},Cartagena de Indias\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    static (SecopImporter Importer, SqliteContractStore Contracts) Importer(TempDirectory directory)
    {
        var db = directory.Database();
        var contracts = new SqliteContractStore(db);
        return (new SecopImporter(contracts, new SqliteSyncStateStore(db), TimeProvider.System) { BatchSize = 5 }, contracts);
    }

    [Fact]
    public async Task An_import_resumed_from_its_checkpoint_reads_only_the_rows_after_it_and_ends_with_the_counts_of_one_run()
    {
        var file = Export();
        var (importer, contracts) = Importer(interrupted);
        ImportCheckpoint? saved = null;
        // Dies after writing the third batch, before recording it: the checkpoint says two batches (10 rows).
        await Assert.ThrowsAsync<WorkerDied>(() => importer.ImportAsync(new MemoryStream(file), "export:1", checkpoints: new(null, c =>
        {
            if (c.Rows > 10) throw new WorkerDied();
            saved = ImportCheckpoint.FromJson(c.ToJson());
            return Task.CompletedTask;
        })));
        Assert.Equal(10, saved!.Rows);

        var later = new List<int>();
        var resumed = await importer.ImportAsync(new MemoryStream(file), "export:1", checkpoints: new(saved, c =>
        {
            later.Add(c.Rows);
            return Task.CompletedTask;
        }));
        var (fresh, freshContracts) = Importer(clean);
        var whole = await fresh.ImportAsync(new MemoryStream(file), "export:1");

        // Only the 20 rows after the checkpoint are read; of those, the 4 the dead worker wrote after it (row 12 was
        // refused) are known by their fingerprint, so 16 are mapped. The whole file maps 30.
        Assert.Equal(30, whole.RowsMapped);
        Assert.Equal(16, resumed.RowsMapped);
        Assert.Equal([15, 20, 25, 30], later);
        Assert.Equal(new ImportCounts(New: 28, Rejected: 1, Duplicates: 1), whole.Counts with { WithWarnings = 0 });
        Assert.Equal(whole.Counts, resumed.Counts);
        Assert.Equal(whole.Errors, resumed.Errors);
        Assert.Equal(whole.ErrorGroups.Select(g => (g.Column, g.Reason, g.Count, string.Join(",", g.FirstLines))),
            resumed.ErrorGroups.Select(g => (g.Column, g.Reason, g.Count, string.Join(",", g.FirstLines))));
        Assert.Equal(whole.WrittenIds, resumed.WrittenIds);
        for (var i = 1; i <= 30; i++)
        {
            var id = $"CO1.PCCNTR.88{i:D5}";
            Assert.Equal((await freshContracts.FindAsync(id))?.Number, (await contracts.FindAsync(id))?.Number);
        }
    }
}
