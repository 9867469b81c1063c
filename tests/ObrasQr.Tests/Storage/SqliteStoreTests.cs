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
