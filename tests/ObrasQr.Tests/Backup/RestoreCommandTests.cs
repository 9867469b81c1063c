using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Backup;
using ObrasQr.Server;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Backup;

/// <summary>`restore-azure` refuses what it must not restore, and writes back exactly what the backup read.</summary>
public sealed class RestoreCommandTests
{
    readonly StringWriter output = new(), error = new();

    static (AzureStore Store, string Prefix) NewStore()
    {
        var prefix = Azurite.NewPrefix();
        var store = new AzureStore(new TableServiceClient(Azurite.ConnectionString), new BlobServiceClient(Azurite.ConnectionString), prefix);
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return (store, prefix);
    }

    Task<int> Restore(string targetPrefix, params string[] args) =>
        RestoreCommand.RunAsync(["restore-azure", .. args], TableBackupTests.Target(targetPrefix), output, error);

    static async Task<List<TableEntity>> Rows(AzureStore store, string table) =>
        await store.Table(table).QueryAsync<TableEntity>().ToListAsync();

    static async Task<string> BackUp(AzureStore store) => (await new TableBackup(store, TimeProvider.System).RunAsync()).Run;

    [Fact]
    public async Task Every_edm_type_comes_back_from_the_service_as_it_was_stored()
    {
        var (source, sourcePrefix) = NewStore();
        var (target, targetPrefix) = NewStore();
        await source.Table(AzureStore.Contracts).AddEntityAsync(BackupEntityTests.EveryType());
        var stored = (await Rows(source, AzureStore.Contracts)).Single();

        var exit = await Restore(targetPrefix, await BackUp(source), "--from", Azurite.ConnectionString, "--from-prefix", sourcePrefix);

        Assert.Equal(RestoreCommand.Done, exit);
        var restored = (await Rows(target, AzureStore.Contracts)).Single();
        Assert.Equal((stored.PartitionKey, stored.RowKey), (restored.PartitionKey, restored.RowKey));
        var names = stored.Keys.Except(["PartitionKey", "RowKey", "Timestamp", "odata.etag"]).Order().ToList();
        Assert.Equal(names, restored.Keys.Except(["PartitionKey", "RowKey", "Timestamp", "odata.etag"]).Order());
        Assert.All(names, name =>
        {
            Assert.Equal(stored[name].GetType(), restored[name].GetType());
            Assert.Equal(stored[name], restored[name]);
        });
    }

    [Fact]
    public async Task A_run_without_its_manifest_is_refused_and_nothing_is_written()
    {
        var (source, sourcePrefix) = NewStore();
        var (target, targetPrefix) = NewStore();
        await source.Table(AzureStore.Staff).AddEntityAsync(new TableEntity("s", "ana") { ["Name"] = "Ana" });
        var run = await BackUp(source);
        await source.Backups.GetBlobClient(BackupManifest.ManifestOf(run)).DeleteAsync(); // as a run that stopped half-way

        var exit = await Restore(targetPrefix, run, "--from-prefix", sourcePrefix);

        Assert.Equal(RestoreCommand.Failed, exit);
        Assert.Contains("no tiene manifest.json", error.ToString());
        Assert.Empty(await Rows(target, AzureStore.Staff));
    }

    [Fact]
    public async Task A_target_holding_data_is_refused_unless_replace_which_leaves_exactly_the_backup()
    {
        var (source, sourcePrefix) = NewStore();
        var (target, targetPrefix) = NewStore();
        var staff = source.Table(AzureStore.Staff);
        await staff.AddEntityAsync(new TableEntity("s", "ana") { ["Name"] = "Ana" });
        for (var i = 0; i < 150; i++) // two transactions in one partition
            await source.Table(AzureStore.Progress).AddEntityAsync(new TableEntity("CO1.PCCNTR.1", $"e{i:000}") { ["Percent"] = i });
        var run = await BackUp(source);
        await target.Table(AzureStore.Staff).AddEntityAsync(new TableEntity("s", "ana") { ["Name"] = "Ana cambiada después" });
        await target.Table(AzureStore.Staff).AddEntityAsync(new TableEntity("s", "beto") { ["Name"] = "Beto, creado después" });

        var refused = await Restore(targetPrefix, run, "--from-prefix", sourcePrefix);
        Assert.Equal(RestoreCommand.Failed, refused);
        Assert.Contains("ya tienen datos (staff)", error.ToString());
        Assert.Equal(2, (await Rows(target, AzureStore.Staff)).Count);

        var replaced = await Restore(targetPrefix, run, "--from-prefix", sourcePrefix, "--replace");

        Assert.Equal(RestoreCommand.Done, replaced);
        Assert.Equal("Ana", Assert.Single(await Rows(target, AzureStore.Staff)).GetString("Name"));
        Assert.Equal(150, (await Rows(target, AzureStore.Progress)).Count);
        Assert.Contains("progress: manifiesto / manifest 150, escritas / written 150, contadas / counted 150", output.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("restore-azure", "--replace")]
    [InlineData("restore-azure", "2026-12-07T080000Z", "--desconocida")]
    public async Task Wrong_usage_says_how_and_ends_with_code_2(params string[] args)
    {
        Assert.Equal(RestoreCommand.Usage, await RestoreCommand.RunAsync(args, TableBackupTests.Target("x"), output, error));
        Assert.Contains("restore-azure <carpeta de la copia", error.ToString());
    }
}
