using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Moves reports kept in national month partitions (<c>m202611</c>) to their entity's (<c>{nit}_m202611</c>), and adds
/// what the new keys read: each work's pointers and each entity's months (docs/azure-tables.md, "reports"; the national
/// index is <see cref="NationalReportIndexMigration"/>'s). In three passes, each safe to interrupt: copy every old row to its new place and
/// add the index rows; point the id, tracking and idempotency pointers at the copies; delete the old rows and the old
/// month rows. Until the last pass the pointers still lead to rows that exist. Run with the app stopped: a status
/// change made to an old row after its copy would be lost. Re-runnable: a second run writes nothing (every add that
/// finds its row is a 409, every pointer already leads to the new place). On the new keys alone it adds the work
/// pointers that a crash just after a report's commit left out.
/// </summary>
public static class ReportKeysMigration
{
    const int AtOnce = 16;
    const int Batch = 200;

    /// <returns>The rows written (added, changed or deleted).</returns>
    public static async Task<int> RunAsync(AzureStore store, CancellationToken ct)
    {
        var reports = store.Table(AzureStore.Reports);
        var index = store.Table(AzureStore.ReportIndex);
        var written = 0;
        var moved = new ConcurrentDictionary<(string Partition, string Row), string>();
        var old = new ConcurrentBag<TableEntity>();
        var monthsKept = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        async Task<bool> AddAsync(TableClient table, TableEntity row)
        {
            try
            {
                await table.AddEntityAsync(row, ct);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }

        async Task PlaceAsync(TableEntity row)
        {
            var entity = ReportKeys.Entity(row.GetString("EntityNit"));
            var partition = row.PartitionKey;
            if (ReportKeys.IsOldNationalMonth(partition))
            {
                partition = ReportKeys.InMonth(entity, row.PartitionKey);
                var copy = new TableEntity(partition, row.RowKey);
                foreach (var (name, value) in row)
                    if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) copy[name] = value;
                if (await AddAsync(reports, copy)) Interlocked.Increment(ref written);
                moved[(row.PartitionKey, row.RowKey)] = partition;
                old.Add(new TableEntity(row.PartitionKey, row.RowKey));
            }
            var reportId = row.GetString("ReportId");
            var pointer = new TableEntity(ReportKeys.Work(row.GetString("ContractId")), TableKeys.Encode(reportId))
            {
                ["ReportId"] = reportId,
                ["ReportPartition"] = partition,
                ["ReportRow"] = row.RowKey,
            };
            if (await AddAsync(index, pointer)) Interlocked.Increment(ref written);
            if (!monthsKept.TryAdd(partition, true)) return;
            var month = ReportKeys.MonthOf(partition);
            if (await AddAsync(index, new TableEntity(ReportKeys.EntityMonths(row.GetString("EntityNit")), month))) Interlocked.Increment(ref written);
        }

        // A background job: a scan of the whole reports table, selecting what the copies need.
        await InBatchesAsync(reports.QueryAsync<TableEntity>(cancellationToken: ct), PlaceAsync, ct);

        // A background job: a scan of the pointers by id, tracking code and idempotency key (RowKey 'ptr').
        await InBatchesAsync(index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"ptr"}"), cancellationToken: ct), async pointer =>
        {
            if (!moved.TryGetValue((pointer.GetString("ReportPartition"), pointer.GetString("ReportRow")), out var partition)) return;
            await index.UpdateEntityAsync(new TableEntity(pointer.PartitionKey, pointer.RowKey) { ["ReportPartition"] = partition }, pointer.ETag, TableUpdateMode.Merge, ct);
            Interlocked.Increment(ref written);
        }, ct);

        await Parallel.ForEachAsync(old, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = ct }, async (row, token) =>
        {
            await reports.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, token);
            Interlocked.Increment(ref written);
        });
        // The old index of months, one row per month without entity, which nothing reads any more.
        await foreach (var month in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReportKeys.FormerNationalMonths}"), select: ["RowKey"], cancellationToken: ct))
            if (!month.RowKey.Contains('_'))
            {
                await index.DeleteEntityAsync(ReportKeys.FormerNationalMonths, month.RowKey, ETag.All, ct);
                written++;
            }
        return written;
    }

    /// <summary>Reads the rows in pages and handles each page's rows a few at a time.</summary>
    static async Task InBatchesAsync(AsyncPageable<TableEntity> rows, Func<TableEntity, Task> handle, CancellationToken ct)
    {
        var batch = new List<TableEntity>(Batch);
        var options = new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = ct };
        await foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count < Batch) continue;
            await Parallel.ForEachAsync(batch, options, async (r, _) => await handle(r));
            batch.Clear();
        }
        await Parallel.ForEachAsync(batch, options, async (r, _) => await handle(r));
    }
}
