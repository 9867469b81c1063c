using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Builds the national index of reports (docs/azure-tables.md, "reports"): a copy of every report row in the national
/// partition of its month (<see cref="ReportKeys.National"/>) and a row per month in <see cref="ReportKeys.NationalMonths"/>.
/// A copy that is missing is added; one older than its report (a change whose copy a crash left behind) is replaced
/// with its ETag; one that is up to date is left alone, so a second run writes nothing. Runs after
/// <see cref="ReportKeysMigration"/>, which moves reports out of the old national month partitions (rows still there
/// are left to it). Safe to interrupt and rerun.
/// </summary>
public static class NationalReportIndexMigration
{
    const int AtOnce = 16;
    const int Batch = 200;

    /// <returns>The rows written (added or replaced).</returns>
    public static async Task<int> RunAsync(AzureStore store, CancellationToken ct)
    {
        var reports = store.Table(AzureStore.Reports);
        var index = store.Table(AzureStore.ReportIndex);
        var written = 0;
        var months = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        async Task CopyAsync(TableEntity row)
        {
            if (ReportKeys.IsOldNationalMonth(row.PartitionKey)) return;
            var month = ReportKeys.MonthOf(row.PartitionKey);
            var copy = new TableEntity(ReportKeys.National(month), row.RowKey);
            foreach (var (name, value) in row)
                if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) copy[name] = value;
            if (months.TryAdd(month, true) && await AddAsync(index, new TableEntity(ReportKeys.NationalMonths, month), ct))
                Interlocked.Increment(ref written);
            if (await AddAsync(index, copy, ct))
            {
                Interlocked.Increment(ref written);
                return;
            }
            var held = await index.GetEntityAsync<TableEntity>(copy.PartitionKey, copy.RowKey, select: ["Version"], cancellationToken: ct);
            if ((held.Value.GetInt32("Version") ?? 0) >= (row.GetInt32("Version") ?? 0)) return;
            try
            {
                await index.UpdateEntityAsync(copy, held.Value.ETag, TableUpdateMode.Replace, ct);
                Interlocked.Increment(ref written);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // the app changed it meanwhile (it should be stopped): its copy is the newer one
            }
        }

        // A background job: a scan of the whole reports table (every entity, every month), in pages.
        var batch = new List<TableEntity>(Batch);
        var options = new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = ct };
        await foreach (var row in reports.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            batch.Add(row);
            if (batch.Count < Batch) continue;
            await Parallel.ForEachAsync(batch, options, async (r, _) => await CopyAsync(r));
            batch.Clear();
        }
        await Parallel.ForEachAsync(batch, options, async (r, _) => await CopyAsync(r));
        return written;
    }

    static async Task<bool> AddAsync(TableClient table, TableEntity row, CancellationToken ct)
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
}
