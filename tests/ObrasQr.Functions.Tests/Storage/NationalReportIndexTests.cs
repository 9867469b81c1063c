using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.AzureStorage;
using ObrasQr.AzureStorage.Migrations;
using ObrasQr.Reports;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>The national index of reports (a copy per report in its month's national partition) on Azurite.</summary>
public sealed class NationalReportIndexTests
{
    static readonly DateTimeOffset T0 = new(2026, 10, 3, 15, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset NextMonth = T0.AddDays(31);

    static AzureStore MeasuredStore()
    {
        var options = new TableClientOptions();
        options.AddPolicy(new StorageOperations(), HttpPipelinePosition.PerCall);
        var store = new AzureStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString), Azurite.NewPrefix());
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    static Report NewReport(string id, DateTimeOffset at, string? entityNit) => new()
    {
        ReportId = id,
        ContractId = "CO1.PCCNTR." + (entityNit ?? "N"),
        EntityNit = entityNit,
        Category = "obra_paralizada",
        Description = "La obra está detenida.",
        ReceivedAt = at,
        Deadline = DateOnly.FromDateTime(at.AddDays(15).Date),
        TrackingCodeHash = TrackingCode.Hash(id + "-code"),
    };

    static string Nit(int entity) => (890000000 + entity).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_national_page_reads_one_partition_per_month_it_walks_however_many_entities_have_reports()
    {
        var azure = MeasuredStore();
        var store = new AzureReportStore(azure);
        // 24 entities, each with a report in each of two months: before the index, a page read 24 partitions a month.
        await Parallel.ForEachAsync(Enumerable.Range(1, 24), async (entity, ct) =>
        {
            await store.AddAsync(NewReport($"old{entity:D2}", T0.AddMinutes(entity), Nit(entity)), null, ct);
            await store.AddAsync(NewReport($"new{entity:D2}", NextMonth.AddMinutes(entity), Nit(entity)), null, ct);
        });

        var firstTally = StorageOperations.Measure();
        var first = await store.ListAsync(new ReportQuery { Take = 10 });
        var acrossTally = StorageOperations.Measure();
        var across = await store.ListAsync(new ReportQuery { Take = 30, Status = ReportStatus.Received });

        Assert.Equal(Enumerable.Range(15, 10).Reverse().Select(e => $"new{e:D2}"), first.Select(r => r.ReportId));
        Assert.Equal(Enumerable.Range(1, 24).Reverse().Select(e => $"new{e:D2}").Concat(Enumerable.Range(19, 6).Reverse().Select(e => $"old{e:D2}")),
            across.Select(r => r.ReportId));
        // The months, then one query of the newest month's national partition; no point read per report.
        Assert.Equal([ReportKeys.NationalMonths, ReportKeys.National(TableKeys.Month(NextMonth))], Partitions(firstTally));
        Assert.Equal([ReportKeys.NationalMonths, ReportKeys.National(TableKeys.Month(NextMonth)), ReportKeys.National(TableKeys.Month(T0))],
            Partitions(acrossTally));
        Assert.All(firstTally.Requests.Concat(acrossTally.Requests), r => Assert.True(r.IsQuery));
    }

    static List<string> Partitions(StorageTally tally) =>
        [.. tally.Requests.Select(r => r.Filter is { } f && f.StartsWith("PartitionKey eq '", StringComparison.Ordinal) ? f[17..f.IndexOf('\'', 17)] : "(scan)")];

    [Fact]
    public async Task A_change_shows_in_the_national_lists_and_a_report_whose_copy_is_missing_gets_it_back()
    {
        var azure = Azurite.NewStore();
        var store = new AzureReportStore(azure);
        var kept = NewReport("kept", T0, Nit(1));
        var lost = NewReport("lost", T0.AddMinutes(1), Nit(2));
        await store.AddAsync(kept, null);
        await store.AddAsync(lost, null);
        // as if its add had died just after the report row, or it was stored before the index
        await azure.Table(AzureStore.ReportIndex).DeleteEntityAsync(ReportKeys.National(TableKeys.Month(T0)), TableKeys.ReportRow(lost.ReceivedAt, "lost"));
        Assert.Equal(["kept"], (await store.ListAsync(new ReportQuery())).Select(r => r.ReportId));

        Assert.True(await store.UpdateAsync(kept.ChangeStatus(ReportStatus.InReview, "En revisión", null, "auditora", T0.AddDays(1))!, 1));
        Assert.True(await store.UpdateAsync(lost.MarkPublishable(true, "auditora", T0.AddDays(1))!, 1));

        Assert.Equal(["kept"], (await store.ListAsync(new ReportQuery { Status = ReportStatus.InReview })).Select(r => r.ReportId));
        Assert.Equal([("lost", true), ("kept", false)], (await store.ListAsync(new ReportQuery())).Select(r => (r.ReportId, r.Publishable)));
    }

    /// <summary>What the store wrote before the national index: the row in its entity's month partition, its id
    /// pointer, the entity's month and the former national (month, entity) row.</summary>
    static async Task StoreWithoutTheIndexAsync(AzureStore store, Report report)
    {
        var month = TableKeys.Month(report.ReceivedAt);
        var partition = ReportKeys.Partition(report.EntityNit, report.ReceivedAt);
        var row = new TableEntity(partition, TableKeys.ReportRow(report.ReceivedAt, report.ReportId))
        {
            ["ReportId"] = report.ReportId, ["ContractId"] = report.ContractId, ["EntityNit"] = report.EntityNit,
            ["Category"] = report.Category, ["Status"] = report.Status, ["Deadline"] = report.Deadline.ToString("yyyy-MM-dd"),
            ["Version"] = report.Version, ["AssignedTo"] = report.AssignedTo,
            ["Json"] = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
        await store.Table(AzureStore.Reports).AddEntityAsync(row);
        var index = store.Table(AzureStore.ReportIndex);
        await index.AddEntityAsync(new TableEntity("id_" + report.ReportId, "ptr") { ["ReportId"] = report.ReportId, ["ReportPartition"] = partition, ["ReportRow"] = row.RowKey });
        await index.UpsertEntityAsync(new TableEntity(ReportKeys.EntityMonths(report.EntityNit), month));
        await index.UpsertEntityAsync(new TableEntity(ReportKeys.FormerNationalMonths, month + "_" + ReportKeys.Entity(report.EntityNit)));
    }

    [Fact]
    public async Task Reports_stored_before_the_national_index_are_copied_to_it_and_a_second_run_writes_nothing()
    {
        var store = Azurite.NewStore();
        var a1 = NewReport("a1", T0, Nit(1));
        var b1 = NewReport("b1", T0.AddHours(1), Nit(2));
        var n1 = NewReport("n1", T0.AddHours(2), null);
        var a2 = NewReport("a2", NextMonth, Nit(1));
        foreach (var report in new[] { a1, b1, n1, a2 }) await StoreWithoutTheIndexAsync(store, report);
        // b1's copy was written, then a change of b1 died before copying itself: the copy is a version behind.
        var changed = b1.ChangeStatus(ReportStatus.InReview, "En revisión", null, "auditora", T0.AddDays(1))!;
        var copy = store.Table(AzureStore.Reports).GetEntity<TableEntity>(ReportKeys.Partition(b1.EntityNit, b1.ReceivedAt), TableKeys.ReportRow(b1.ReceivedAt, "b1")).Value;
        copy.PartitionKey = ReportKeys.National(TableKeys.Month(T0));
        await store.Table(AzureStore.ReportIndex).AddEntityAsync(copy);
        await store.Table(AzureStore.Reports).UpdateEntityAsync(new TableEntity(ReportKeys.Partition(b1.EntityNit, b1.ReceivedAt), copy.RowKey)
        {
            ["Status"] = changed.Status, ["Version"] = changed.Version,
            ["Json"] = JsonSerializer.Serialize(changed, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        }, Azure.ETag.All, TableUpdateMode.Merge);

        var first = await NationalReportIndexMigration.RunAsync(store, CancellationToken.None);
        var second = await NationalReportIndexMigration.RunAsync(store, CancellationToken.None);

        Assert.Equal(6, first); // three copies added, one replaced, two months
        Assert.Equal(0, second);
        var reports = new AzureReportStore(store);
        Assert.Equal(["a2", "n1", "b1", "a1"], (await reports.ListAsync(new ReportQuery())).Select(r => r.ReportId));
        Assert.Equal(["b1"], (await reports.ListAsync(new ReportQuery { Status = ReportStatus.InReview })).Select(r => r.ReportId));
    }
}
