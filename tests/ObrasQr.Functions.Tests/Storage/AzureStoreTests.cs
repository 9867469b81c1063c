using ObrasQr.Functions.Storage;
using ObrasQr.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

// The shared storage contract (tests/ObrasQr.Tests/Storage/StoreContract.cs) against the Azure store on Azurite.

[Collection(AzuriteCollection.Name)]
public sealed class AzureContractStoreTests(Azurite azurite) : ContractStoreContract
{
    protected override IContractStore NewStore() => new AzureContractStore(azurite.NewStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureReportStoreTests(Azurite azurite) : ReportStoreContract
{
    protected override IReportStore NewStore() => new AzureReportStore(azurite.NewStore(), TimeProvider.System);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureExportStoreTests(Azurite azurite) : ExportStoreContract
{
    protected override IExportStore NewStore() => new AzureExportStore(azurite.NewStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class BlobFileStoreTests(Azurite azurite) : FileStoreContract
{
    protected override IFileStore NewStore() => new BlobFileStore(azurite.NewStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageHealthTests(Azurite azurite)
{
    [StoreFact]
    public async Task Storage_is_reachable_once_its_tables_and_container_exist()
    {
        Assert.True(await new AzureStorageHealth(azurite.NewStore()).IsReachableAsync());
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureSyncStateStoreTests(Azurite azurite) : SyncStateStoreContract
{
    protected override ISyncStateStore NewStore() => new AzureSyncStateStore(azurite.NewStore());
}
