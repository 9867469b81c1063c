using ObrasQr.AzureStorage;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Staff;
using ObrasQr.Storage;
using ObrasQr.Sync;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

// The shared storage contract (tests/ObrasQr.Tests/Storage/StoreContract.cs) against the Azure store on Azurite.

public sealed class AzureContractStoreTests : ContractStoreContract
{
    protected override IContractStore NewStore() => new AzureContractStore(Azurite.NewStore());
}

public sealed class AzureReportStoreTests : ReportStoreContract
{
    protected override IReportStore NewStore() => new AzureReportStore(Azurite.NewStore(), TimeProvider.System);
}

public sealed class AzureIdentityAccessLogTests : IdentityAccessLogContract
{
    protected override IIdentityAccessLog NewLog() => new AzureIdentityAccessLog(Azurite.NewStore());
}

public sealed class AzureExportStoreTests : ExportStoreContract
{
    protected override IExportStore NewStore() => new AzureExportStore(Azurite.NewStore());
}

public sealed class BlobFileStoreTests : FileStoreContract
{
    protected override IFileStore NewStore() => new BlobFileStore(Azurite.NewStore());
}

public sealed class AzureStorageHealthTests
{
    [Fact]
    public async Task Storage_is_reachable_once_its_tables_and_container_exist()
    {
        Assert.True(await new AzureStorageHealth(Azurite.NewStore()).IsReachableAsync());
    }
}

public sealed class AzureSyncStateStoreTests : SyncStateStoreContract
{
    protected override ISyncStateStore NewStore() => new AzureSyncStateStore(Azurite.NewStore());
}

public sealed class AzureStaffStoreTests : StaffStoreContract
{
    protected override IStaffStore NewStore() => new AzureStaffStore(Azurite.NewStore());
}

public sealed class AzureProgressStoreTests : ProgressStoreContract
{
    protected override ObrasQr.Progress.IProgressStore NewStore() => new AzureProgressStore(Azurite.NewStore());
}

/// <summary>A writer that died between claiming an idempotency key and storing its report (kill -9, scale-in).</summary>
public sealed class AzureAbandonedClaimTests
{
    [Fact]
    public async Task A_retry_while_a_dead_writers_claim_is_fresh_is_told_to_come_back_and_stores_nothing()
    {
        var store = Azurite.NewStore();
        var reports = new AzureReportStore(store, TimeProvider.System);
        var at = new DateTimeOffset(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);
        // What the dead writer left: the claim of key "k-1" pointing at a report row that was never written.
        await store.Table(AzureStore.ReportIndex).AddEntityAsync(new Azure.Data.Tables.TableEntity("idem_" + TableKeys.Digest("k-1"), "ptr")
        {
            ["ReportId"] = "dead", ["ReportPartition"] = ReportKeys.Partition(null, at), ["ReportRow"] = TableKeys.ReportRow(at, "dead"),
        });
        var retry = new ObrasQr.Reports.Report
        {
            ReportId = "retry", ContractId = "CO1.PCCNTR.1", Category = "otro", Description = "Reintento tras la caída.",
            ReceivedAt = at.AddSeconds(5), Deadline = new DateOnly(2026, 11, 25),
            TrackingCodeHash = ObrasQr.Reports.TrackingCode.Hash("retry-code"), IdempotencyKey = "k-1",
        };

        var busy = await Assert.ThrowsAsync<ReportStillStoringException>(() => reports.AddAsync(retry, null));

        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        Assert.Null(await reports.FindAsync("retry"));
        Assert.Empty(await reports.ListAsync(new ObrasQr.Reports.ReportQuery()));
    }
}
