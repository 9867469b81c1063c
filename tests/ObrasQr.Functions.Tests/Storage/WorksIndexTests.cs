using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.Accountability;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Secop;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>Table "works" (issue 27): the works catalog, the map and the office's list without a table scan.</summary>
public sealed class WorksIndexTests
{
    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Every Table request the store's client sends, as "METHOD url" with the query unescaped.</summary>
    sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        readonly ConcurrentQueue<string> requests = new();
        public IReadOnlyList<string> Requests => [.. requests];
        public void Clear() => requests.Clear();

        public override void OnSendingRequest(HttpMessage message) =>
            requests.Enqueue($"{message.Request.Method} {Uri.UnescapeDataString(message.Request.Uri.ToString())}");
    }

    static (AzureStore Store, RequestLog Log) NewStore()
    {
        var log = new RequestLog();
        var options = new TableClientOptions();
        options.AddPolicy(log, HttpPipelinePosition.PerCall);
        var store = new AzureStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString), Azurite.NewPrefix());
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return (store, log);
    }

    static Contract Work(string id, string entityNit, string type = "Obra") => new()
    {
        ContractId = id, EntityNit = entityNit, Value = 1_000_000, Status = "En ejecución", Type = type, Object = "Pavimentación de la calle 30",
    };

    static ProgressEntry Entry(string id, string contractId, DateOnly observed, double latitude) => new()
    {
        EntryId = id, ContractId = contractId, ObservedOn = observed, Percent = 40, Latitude = latitude, Longitude = -75.4794,
        RecordedBy = "Ana Pérez", RecordedAt = T0,
    };

    static async Task<(AzureContractStore Contracts, AzureProgressStore Progress)> SeedAsync(AzureStore store)
    {
        var contracts = new AzureContractStore(store);
        var progress = new AzureProgressStore(store);
        foreach (var (id, nit) in new[] { ("CO1.PCCNTR.1", "800"), ("CO1.PCCNTR.2", "800"), ("CO1.PCCNTR.3", "900") })
            Assert.True(await contracts.AddVersionAsync(ContractVersion.First(Work(id, nit), T0, "test")));
        await progress.AddAsync(Entry("e1", "CO1.PCCNTR.1", new DateOnly(2026, 5, 30), 10.39));
        return (contracts, progress);
    }

    static void AssertEveryQueryNamesAPartition(IEnumerable<string> requests)
    {
        foreach (var request in requests.Where(r => r.Contains("$filter=", StringComparison.Ordinal)))
            Assert.Matches(@"\$filter=PartitionKey eq '[^']*'", request);
    }

    [Fact]
    public async Task The_list_the_map_the_offices_works_and_a_catalog_refresh_name_a_partition_in_every_query()
    {
        var (store, log) = NewStore();
        var (contracts, progress) = await SeedAsync(store);
        var clock = new Clock(T0);
        var catalog = new WorksCatalog(contracts, progress, clock);
        log.Clear();

        Assert.Equal(3, (await contracts.ListPublishedAsync(null, 100)).Count);
        Assert.Equal(["e1"], (await progress.LatestLocatedAsync()).Select(e => e.EntryId));
        Assert.Equal(2, (await contracts.ListByEntityAsync("800", publishedOnly: true, null, 21)).Count);
        var first = await catalog.GetAsync(CancellationToken.None);
        Assert.Equal(3, first.Works.Count);
        Assert.Equal(["CO1.PCCNTR.1"], first.Points.Keys);
        AssertEveryQueryNamesAPartition(log.Requests);

        var v1 = await contracts.FindAsync("CO1.PCCNTR.3");
        await contracts.AddVersionAsync(v1!.Next(Work("CO1.PCCNTR.3", "900") with { Value = 2_000_000 }, T0.AddDays(1), "test")!);
        clock.Now += WorksCatalog.Freshness;
        log.Clear();
        var second = await catalog.GetAsync(CancellationToken.None);

        Assert.Equal(2, second.Works.Single(w => w.ContractId == "CO1.PCCNTR.3").Version);
        Assert.Equal(3, second.Works.Count);
        AssertEveryQueryNamesAPartition(log.Requests);
        // Only the entity that changed is read again.
        Assert.DoesNotContain(log.Requests, r => r.Contains("e_800", StringComparison.Ordinal));
        Assert.Contains(log.Requests, r => r.Contains("PartitionKey eq 'e_900'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_catalog_refresh_with_nothing_changed_reads_only_the_national_stamp()
    {
        var (store, log) = NewStore();
        var (contracts, progress) = await SeedAsync(store);
        var clock = new Clock(T0);
        var catalog = new WorksCatalog(contracts, progress, clock);
        var built = await catalog.GetAsync(CancellationToken.None);
        clock.Now += WorksCatalog.Freshness;
        log.Clear();

        var again = await catalog.GetAsync(CancellationToken.None);

        Assert.Same(built, again);
        var request = Assert.Single(log.Requests);
        Assert.StartsWith("GET ", request);
        Assert.Contains("works(PartitionKey='catalog',RowKey='all')", request);
    }

    [Fact]
    public async Task A_works_point_recomputed_from_its_progress_falls_back_to_its_newest_remaining_located_entry()
    {
        var (store, _) = NewStore();
        var (contracts, progress) = await SeedAsync(store);
        await progress.AddAsync(Entry("e2", "CO1.PCCNTR.1", new DateOnly(2026, 5, 31), 10.45));
        Assert.Equal(["e2"], (await progress.LatestLocatedAsync()).Select(e => e.EntryId));
        var before = await contracts.StampsAsync();

        // What a deletion of entry e2 leaves (another feature deletes entries and then asks for this).
        await store.Table(AzureStore.Progress).DeleteEntityAsync("CO1.PCCNTR.1", "e2");
        Assert.True(await progress.RefreshLocatedAsync("CO1.PCCNTR.1"));

        Assert.Equal(["e1"], (await progress.LatestLocatedAsync()).Select(e => e.EntryId));
        Assert.NotEqual(before.Points, (await contracts.StampsAsync()).Points);
        Assert.NotEqual(before.National, (await contracts.StampsAsync()).National);
    }

    [Fact]
    public async Task The_migration_builds_the_works_index_from_rows_stored_before_it_and_can_run_again()
    {
        var (store, _) = NewStore();
        // Rows as the stores wrote them before table "works": no EntityNit column, no index, no stamps.
        var contractsTable = store.Table(AzureStore.Contracts);
        foreach (var (id, nit, type) in new[] { ("CO1.PCCNTR.1", "800", "Obra"), ("CO1.PCCNTR.2", "900", "Interventoría") })
        {
            var version = ContractVersion.First(Work(id, nit, type), T0, "test");
            foreach (var rowKey in new[] { "v0000000001", "current" })
            {
                var row = new TableEntity(id, rowKey)
                {
                    ["ContractId"] = id, ["Version"] = 1, ["Published"] = version.Contract.IsPublishedWork, ["ContentHash"] = version.ContentHash,
                    ["SyncedAt"] = T0.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["Source"] = "test",
                };
                EntityJson.Write(row, ContractJson.Serialize(version.Contract));
                await contractsTable.AddEntityAsync(row);
            }
        }
        var progressTable = store.Table(AzureStore.Progress);
        var json = JsonSerializer.Serialize(Entry("e1", "CO1.PCCNTR.1", new DateOnly(2026, 5, 30), 10.39), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        foreach (var rowKey in new[] { "e1", "%located" })
        {
            var row = new TableEntity("CO1.PCCNTR.1", rowKey);
            EntityJson.Write(row, json);
            await progressTable.AddEntityAsync(row);
        }

        var firstRun = await WorksIndexMigration.RunAsync(store, CancellationToken.None);
        var secondRun = await WorksIndexMigration.RunAsync(store, CancellationToken.None);

        Assert.True(firstRun > secondRun && secondRun > 0, $"{firstRun} then {secondRun} rows");
        var contracts = new AzureContractStore(store);
        var progress = new AzureProgressStore(store);
        Assert.Equal(["CO1.PCCNTR.1"], (await contracts.ListPublishedAsync(null, 10)).Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.2"], (await contracts.ListByEntityAsync("900", publishedOnly: false, null, 10)).Select(v => v.ContractId));
        Assert.Equal(["e1"], (await progress.LatestLocatedAsync()).Select(e => e.EntryId));
        var stamps = await contracts.StampsAsync();
        Assert.Equal(["800", "900"], stamps.Entities.Keys.Order());
        Assert.NotNull(stamps.Points);
        var snapshot = await new WorksCatalog(contracts, progress, new Clock(T0)).GetAsync(CancellationToken.None);
        Assert.Equal(["CO1.PCCNTR.1"], snapshot.Works.Select(w => w.ContractId));
        Assert.Equal(["CO1.PCCNTR.1"], snapshot.Points.Keys);

        // The "current" rows now name their entity: a later version that moves the work leaves the old entity's list.
        var v1 = await contracts.FindAsync("CO1.PCCNTR.1");
        await contracts.AddVersionAsync(v1!.Next(Work("CO1.PCCNTR.1", "900"), T0.AddDays(1), "test")!);
        Assert.Empty(await contracts.ListByEntityAsync("800", publishedOnly: false, null, 10));
    }

    [Fact]
    public async Task A_batch_of_versions_writes_its_index_a_partition_at_a_time_and_moves_each_stamp_once()
    {
        var (store, log) = NewStore();
        var contracts = new AzureContractStore(store);
        var moving = ContractVersion.First(Work("CO1.PCCNTR.7000", "800"), T0, "export:1");
        Assert.True(await contracts.AddVersionAsync(moving));
        List<ContractVersion> batch = [.. Enumerable.Range(1, 120).Select(i => ContractVersion.First(Work($"CO1.PCCNTR.{7000 + i}", i % 2 == 0 ? "800" : "900"), T0, "export:2"))];
        batch.Add(moving.Next(Work("CO1.PCCNTR.7000", "900"), T0.AddDays(1), "export:2")!);
        log.Clear();

        var written = await contracts.AddVersionsAsync(batch);

        Assert.All(written, Assert.True);
        // One transaction per version, then the index: "all" (121 rows) in two, each entity's list in one, the moved
        // work's row out of 800's list, three stamps. One contract at a time it was 121 + 4 x 121 requests.
        var requests = log.Requests.Count;
        Assert.InRange(requests, 121 + 5, 121 + 12);
        Assert.Equal(121, (await contracts.ListPublishedAsync(null, 500)).Count);
        Assert.Equal(60, (await contracts.ListByEntityAsync("800", publishedOnly: false, null, 500)).Count);
        Assert.Equal(61, (await contracts.ListByEntityAsync("900", publishedOnly: false, null, 500)).Count);
        Assert.Contains("CO1.PCCNTR.7000", (await contracts.ListByEntityAsync("900", publishedOnly: false, null, 500)).Select(v => v.ContractId));
        Assert.Equal(["800", "900"], (await contracts.StampsAsync()).Entities.Keys.Order());
    }

    [Fact]
    public async Task An_import_taken_over_lists_the_works_its_dead_worker_wrote_but_did_not_index()
    {
        var (store, _) = NewStore();
        var contracts = new AzureContractStore(store);
        var csv = "ID Contrato,Nit Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato,Objeto del Contrato\n"
            + string.Concat(Enumerable.Range(1, 3).Select(i => $"CO1.PCCNTR.71{i:D3},800,Obra,En ejecución,1000,Calle {i}\n"));
        async Task<ImportResult> ImportAsync() =>
            await new SecopImporter(contracts, new AzureSyncStateStore(store), TimeProvider.System)
                .ImportRowsAsync(SecopFile.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv))), "export:1");
        Assert.Equal(new ImportCounts(New: 3), (await ImportAsync()).Counts);
        // The worker died after the batch's versions, before their index rows: as if they had never been written.
        var works = store.Table(AzureStore.Works);
        await foreach (var row in works.QueryAsync<TableEntity>(r => r.PartitionKey == WorksIndex.Listed || r.PartitionKey == WorksIndex.EntityPartition("800")))
            await works.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        Assert.Empty(await contracts.ListPublishedAsync(null, 10));

        var resumed = await ImportAsync();

        Assert.Equal(new ImportCounts(New: 3), resumed.Counts);
        Assert.Equal(3, (await contracts.ListPublishedAsync(null, 10)).Count);
        Assert.Equal(3, (await contracts.ListByEntityAsync("800", publishedOnly: true, null, 10)).Count);
    }
}
