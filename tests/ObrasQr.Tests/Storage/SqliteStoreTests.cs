using ObrasQr.Server.Storage;
using ObrasQr.Storage;

namespace ObrasQr.Tests.Storage;

/// <summary>A fresh SQLite database and folder per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "obrasqr-store", Guid.NewGuid().ToString("N"));
    public SqliteDatabase Database() => new(System.IO.Path.Combine(Path, "obrasqr.db"));
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public sealed class SqliteContractStoreTests : ContractStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IContractStore NewStore() => new SqliteContractStore(temp.Database());
    public void Dispose() => temp.Dispose();
}

public sealed class SqliteReportStoreTests : ReportStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IReportStore NewStore() => new SqliteReportStore(temp.Database());
    public void Dispose() => temp.Dispose();
}

public sealed class SqliteExportStoreTests : ExportStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IExportStore NewStore() => new SqliteExportStore(temp.Database());
    public void Dispose() => temp.Dispose();
}

public sealed class SqliteSyncStateStoreTests : SyncStateStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override ISyncStateStore NewStore() => new SqliteSyncStateStore(temp.Database());
    public void Dispose() => temp.Dispose();
}

public sealed class FolderFileStoreTests : FileStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IFileStore NewStore() => new FolderFileStore(temp.Path);
    public void Dispose() => temp.Dispose();
}

public sealed class SqliteMigrationTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_database_with_the_current_JSON_stored_twice_is_migrated_keeping_every_contract()
    {
        Directory.CreateDirectory(temp.Path);
        var path = System.IO.Path.Combine(temp.Path, "obrasqr.db");
        var json = """{"contractId":"CO1.PCCNTR.1","value":5,"status":"En ejecución","type":"Obra","updatedInSecop":"2026-06-18T00:00:00"}""";
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            old.Open();
            SqliteDatabase.Execute(old, $"""
                CREATE TABLE contracts (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
                    content_hash TEXT NOT NULL, synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL);
                CREATE TABLE contract_versions (contract_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
                    synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (contract_id, version));
                INSERT INTO contracts VALUES ('CO1.PCCNTR.1', 1, 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{json}');
                INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{json}');
                """);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var store = new SqliteContractStore(new SqliteDatabase(path));

        Assert.Equal(5m, (await store.FindAsync("CO1.PCCNTR.1"))!.Contract.Value);
        Assert.Equal(new DateTime(2026, 6, 18), (await store.HeadsAsync(["CO1.PCCNTR.1"]))["CO1.PCCNTR.1"].UpdatedInSecop);
        Assert.Single(await store.ListAsync(publishedOnly: true, null, 10));
    }
}
