using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;
using ObrasQr.Reports;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

public sealed class ReportKeysTests
{
    static readonly DateTimeOffset At = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_report_partition_is_its_entity_and_month_and_reports_without_entity_share_an_empty_one()
    {
        Assert.Equal("890480184_m202611", ReportKeys.Partition("890480184", At));
        Assert.Equal("_m202611", ReportKeys.Partition(null, At));
        Assert.Equal(("890480184", "m202611"), (ReportKeys.EntityOf("890480184_m202611"), ReportKeys.MonthOf("890480184_m202611")));
        Assert.Equal("", ReportKeys.EntityOf("_m202611"));
    }

    [Fact]
    public void The_national_index_has_a_partition_per_month_apart_from_every_entitys_and_the_old_month_partitions_are_told_apart()
    {
        Assert.Equal("n_m202611", ReportKeys.National("m202611"));
        Assert.Equal("m202611", ReportKeys.MonthOf(ReportKeys.National("m202611")));
        Assert.NotEqual(ReportKeys.NationalMonths, ReportKeys.EntityMonths(null));
        Assert.True(ReportKeys.IsOldNationalMonth("m202611"));
        Assert.False(ReportKeys.IsOldNationalMonth("_m202611"));
    }
}

/// <summary>The requests the Azure report store makes, recorded by <see cref="StorageOperations"/> on Azurite.</summary>
public sealed class AzureReportStoreRequestTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = new(2026, 12, 21);

    static AzureStore MeasuredStore()
    {
        var options = new TableClientOptions();
        options.AddPolicy(new StorageOperations(), HttpPipelinePosition.PerCall);
        var store = new AzureStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString), Azurite.NewPrefix());
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    static Report NewReport(string id, DateTimeOffset at, string? entityNit, string contractId) => new()
    {
        ReportId = id,
        ContractId = contractId,
        EntityNit = entityNit,
        Category = "obra_paralizada",
        Description = "La obra está detenida.",
        ReceivedAt = at,
        Deadline = DateOnly.FromDateTime(at.AddDays(15).Date),
        TrackingCodeHash = TrackingCode.Hash(id + "-code"),
        IdempotencyKey = "key-" + id,
    };

    [Fact]
    public async Task No_query_of_the_report_store_reads_without_naming_its_partition()
    {
        var azure = MeasuredStore();
        var store = new AzureReportStore(azure);
        var tally = StorageOperations.Measure();
        var added = new[]
        {
            NewReport("a1", T0, "890480184", "CO1.PCCNTR.A"), NewReport("a2", T0.AddDays(30), "890480184", "CO1.PCCNTR.A"),
            NewReport("b1", T0.AddHours(1), "890801052", "CO1.PCCNTR.B"), NewReport("n1", T0.AddHours(2), null, "CO1.PCCNTR.N"),
        };
        foreach (var report in added) await store.AddAsync(report, new ReporterIdentity(report.ReportId, "Ana", null, null, T0, "consent"));
        await store.AddAsync(NewReport("a1-retry", T0.AddMinutes(1), "890480184", "CO1.PCCNTR.A") with { IdempotencyKey = "key-a1" }, null);

        await store.FindAsync("a1");
        await store.FindByTrackingHashAsync(added[0].TrackingCodeHash);
        await store.CountForContractAsync("CO1.PCCNTR.A");
        foreach (var entityNit in new[] { "890480184", null })
        foreach (var query in new ReportQuery[]
        {
            new(), new() { Take = 1 }, new() { Take = 1, After = (T0.AddDays(30), "a2") }, new() { Status = ReportStatus.Received },
            new() { Category = "obra_paralizada" }, new() { Categories = ["obra_paralizada", "otro"] }, new() { Open = true },
            new() { OverdueOn = Today }, new() { DueFrom = DateOnly.FromDateTime(T0.UtcDateTime), DueBy = Today }, new() { ContractId = "CO1.PCCNTR.A" },
            new() { AssignedTo = "ana" }, new() { From = T0, To = T0.AddDays(1) }, new() { ByDeadline = true },
        })
            await store.ListAsync(query with { EntityNit = entityNit });

        var queries = tally.Requests.Where(r => r.IsQuery && r.Table is { } table
            && (table.EndsWith(AzureStore.Reports, StringComparison.Ordinal) || table.EndsWith(AzureStore.ReportIndex, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(queries);
        Assert.Empty(queries.Where(r => !r.NamesItsPartition).Select(r => $"{r.Resource} $filter={r.Filter}"));
        Assert.Equal(2, await store.CountForContractAsync("CO1.PCCNTR.A"));
    }

    [Fact]
    public async Task A_work_is_counted_with_one_query_that_reads_one_row_per_report()
    {
        var azure = MeasuredStore();
        var store = new AzureReportStore(azure);
        await store.AddAsync(NewReport("a1", T0, "890480184", "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("a2", T0.AddDays(40), "890480184", "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("b1", T0, "890480184", "CO1.PCCNTR.B"), null);

        var tally = StorageOperations.Measure();
        var count = await store.CountForContractAsync("CO1.PCCNTR.A");

        Assert.Equal(2, count);
        var query = Assert.Single(tally.Requests);
        Assert.Equal((true, 2), (query.IsQuery, tally.RowsRead));
        Assert.Equal($"PartitionKey eq '{ReportKeys.Work("CO1.PCCNTR.A")}'", query.Filter);
    }
}

/// <summary>Reports stored with the national month keys, moved by <see cref="ReportKeysMigration"/>.</summary>
public sealed class ReportKeysMigrationTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    static Report NewReport(string id, DateTimeOffset at, string? entityNit, string contractId) => new()
    {
        ReportId = id,
        ContractId = contractId,
        EntityNit = entityNit,
        Category = "obra_paralizada",
        Description = "La obra está detenida.",
        ReceivedAt = at,
        Deadline = new DateOnly(2026, 11, 20),
        TrackingCodeHash = TrackingCode.Hash(id + "-code"),
    };

    /// <summary>What the store wrote before: the row in the national month partition, its pointers, the month.</summary>
    static async Task StoreTheOldWayAsync(AzureStore store, Report report, params string[] moreTrackingHashes)
    {
        var month = TableKeys.Month(report.ReceivedAt);
        var row = new TableEntity(month, TableKeys.ReportRow(report.ReceivedAt, report.ReportId))
        {
            ["ReportId"] = report.ReportId, ["ContractId"] = report.ContractId, ["EntityNit"] = report.EntityNit,
            ["Category"] = report.Category, ["Status"] = report.Status, ["Deadline"] = report.Deadline.ToString("yyyy-MM-dd"),
            ["Version"] = report.Version, ["AssignedTo"] = report.AssignedTo,
            ["Json"] = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
        await store.Table(AzureStore.Reports).AddEntityAsync(row);
        var index = store.Table(AzureStore.ReportIndex);
        foreach (var partition in moreTrackingHashes.Prepend(report.TrackingCodeHash).Select(h => "tracking_" + h).Append("id_" + report.ReportId))
            await index.AddEntityAsync(new TableEntity(partition, "ptr") { ["ReportId"] = report.ReportId, ["ReportPartition"] = month, ["ReportRow"] = row.RowKey });
        await index.UpsertEntityAsync(new TableEntity("months", month));
    }

    [Fact]
    public async Task Reports_in_national_month_partitions_move_to_their_entitys_and_a_second_run_writes_nothing()
    {
        var store = Azurite.NewStore();
        var a1 = NewReport("a1", T0, "890480184", "CO1.PCCNTR.A");
        var a2 = NewReport("a2", T0.AddDays(30), "890480184", "CO1.PCCNTR.A");
        var b1 = NewReport("b1", T0.AddHours(1), "890801052", "CO1.PCCNTR.B");
        var n1 = NewReport("n1", T0.AddHours(2), null, "CO1.PCCNTR.N");
        await StoreTheOldWayAsync(store, a1, TrackingCode.Hash("retry-code"));
        foreach (var report in new[] { a2, b1, n1 }) await StoreTheOldWayAsync(store, report);

        var first = await ReportKeysMigration.RunAsync(store, CancellationToken.None);
        var second = await ReportKeysMigration.RunAsync(store, CancellationToken.None);
        await NationalReportIndexMigration.RunAsync(store, CancellationToken.None); // the national lists read its index

        Assert.True(first > 0);
        Assert.Equal(0, second);
        var reports = new AzureReportStore(store);
        Assert.Equal("a1", (await reports.FindAsync("a1"))?.ReportId);
        Assert.Equal("a1", (await reports.FindByTrackingHashAsync(TrackingCode.Hash("retry-code")))?.ReportId);
        Assert.Equal(["a2", "a1"], (await reports.ListAsync(new ReportQuery { EntityNit = "890480184" })).Select(r => r.ReportId));
        Assert.Equal(["a2", "n1", "b1", "a1"], (await reports.ListAsync(new ReportQuery())).Select(r => r.ReportId));
        Assert.Equal(2, await reports.CountForContractAsync("CO1.PCCNTR.A"));
        Assert.Equal(1, await reports.CountForContractAsync("CO1.PCCNTR.N"));
        var moved = (await reports.FindAsync("a1"))! with { Status = ReportStatus.InReview, Version = 2 };
        Assert.True(await reports.UpdateAsync(moved, expectedVersion: 1));
        Assert.Empty(store.Table(AzureStore.Reports).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Month(T0)}")));
    }
}
