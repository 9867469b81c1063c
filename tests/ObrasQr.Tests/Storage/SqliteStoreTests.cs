using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Reports;
using ObrasQr.Staff;
using ObrasQr.Storage;
using ObrasQr.Sync;

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

public sealed class SqliteIdentityAccessLogTests : IdentityAccessLogContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IIdentityAccessLog NewLog() => new SqliteIdentityAccessLog(temp.Database());
    public void Dispose() => temp.Dispose();
}

/// <summary>Group commit: submissions that wait together share one transaction, but not one another's failures.</summary>
public sealed class SqliteReportGroupCommitTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    static Report NewReport(string id, string hashOf) => new()
    {
        ReportId = id, ContractId = "CO1.PCCNTR.1", Category = "otro", Description = "Prueba de escritura en grupo.",
        ReceivedAt = new DateTimeOffset(2026, 11, 3, 15, 0, 0, TimeSpan.Zero), Deadline = new DateOnly(2026, 11, 25),
        TrackingCodeHash = ObrasQr.Reports.TrackingCode.Hash(hashOf),
    };

    [Fact]
    public async Task A_failing_submission_fails_alone_and_the_others_of_its_group_are_stored()
    {
        using var store = new SqliteReportStore(temp.Database());
        // Report "dup" reuses report "g00"'s tracking hash: a UNIQUE violation that only it may pay for.
        var reports = Enumerable.Range(0, 40).Select(i => NewReport($"g{i:D2}", $"code-{i}")).Append(NewReport("dup", "code-0")).ToList();

        var results = await Task.WhenAll(reports.Select(async r =>
        {
            try { return (r.ReportId, Error: (Exception?)null, Stored: await store.AddAsync(r, null)); }
            catch (Exception e) { return (r.ReportId, Error: e, Stored: (Report?)null); }
        }));

        var failed = Assert.Single(results, r => r.Error is not null);
        Assert.True(failed.ReportId is "dup" or "g00");
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(failed.Error);
        Assert.Equal(40, (await store.ListAsync(new ObrasQr.Reports.ReportQuery { Take = 100 })).Count);
    }

    [Fact]
    public async Task Every_answered_submission_is_in_the_file_when_it_is_answered()
    {
        var db = temp.Database();
        using var store = new SqliteReportStore(db);

        foreach (var i in Enumerable.Range(0, 20))
        {
            await store.AddAsync(NewReport($"d{i:D2}", $"durable-{i}"), null);
            // A second, independent connection sees it at once: it was committed before the answer.
            using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(temp.Path, "obrasqr.db")};Pooling=false");
            other.Open();
            using var count = other.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM reports";
            Assert.Equal(i + 1L, (long)count.ExecuteScalar()!);
        }
    }
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

public sealed class SqliteStaffStoreTests : StaffStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IStaffStore NewStore() => new SqliteStaffStore(temp.Database());
    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_line_logged_before_lines_carried_their_entity_counts_for_the_accounts_entity_now()
    {
        var store = NewStore();
        await store.AddAsync(new StaffMember("s-beto", "Beto Gómez", "Beto@x.co", "oficina", "890480184", Disabled: false, PasswordHash: "hash"));
        await store.LogAsync(new StaffChange(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), "Ana Pérez", "beto@X.co ", "antes"));

        Assert.Equal(["antes"], (await store.ChangesAsync(10, "890480184")).Select(c => c.What));
        Assert.Empty(await store.ChangesAsync(10, "890481343"));
    }
}

public sealed class FolderFileStoreTests : FileStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IFileStore NewStore() => new FolderFileStore(temp.Path);
    public void Dispose() => temp.Dispose();
}

public sealed class SqliteProgressStoreTests : ProgressStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override ObrasQr.Progress.IProgressStore NewStore() => new SqliteProgressStore(temp.Database());
    public void Dispose() => temp.Dispose();
}
