using ObrasQr.AzureStorage;
using ObrasQr.Storage;
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
