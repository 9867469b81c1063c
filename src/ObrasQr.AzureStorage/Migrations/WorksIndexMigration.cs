using Azure;
using Azure.Data.Tables;
using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Builds table "works" (<see cref="WorksIndex"/>) from data stored before it: each contract's "current" row gets its
/// <see cref="WorksIndex.EntityNitProperty"/> and its index rows, each progress partition's located copy its row in
/// partition "located", and every stamp is moved once at the end. Upserts only: a second run writes the same rows (and
/// no EntityNit again), and it also repairs an index left behind by a crash between a version and its index rows.
/// </summary>
public static class WorksIndexMigration
{
    const string LocatedCopy = "%located"; // AzureProgressStore's RowKey for each work's newest located entry

    public static async Task<int> RunAsync(AzureStore store, CancellationToken ct)
    {
        var contracts = store.Table(AzureStore.Contracts);
        var index = new WorksIndex(store);
        var written = 0;
        var entities = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<WorksIndex.Written>();
        // A scan of every contract's "current" row: allowed here, a one-off background job, never a request path.
        await foreach (var current in contracts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"current"}"), cancellationToken: ct))
        {
            var entityNit = ContractJson.Deserialize(EntityJson.Read(current)).EntityNit ?? "";
            if (current.GetString(WorksIndex.EntityNitProperty) != entityNit)
            {
                try
                {
                    var named = new TableEntity(current.PartitionKey, current.RowKey) { [WorksIndex.EntityNitProperty] = entityNit };
                    await contracts.UpdateEntityAsync(named, current.ETag, TableUpdateMode.Merge, ct);
                    written++;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    continue; // a newer version was written meanwhile, and with it its EntityNit and its index rows
                }
                current[WorksIndex.EntityNitProperty] = entityNit;
            }
            batch.Add(new(current, [], MayHaveBeenListed: true));
            if (batch.Count < 1000) continue;
            written += await index.WriteRowsAsync(batch, entities, ct);
            batch.Clear();
        }
        written += await index.WriteRowsAsync(batch, entities, ct);
        // A scan of the progress table's located copies: the same kind of one-off job.
        var progress = store.Table(AzureStore.Progress);
        await foreach (var copy in progress.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {LocatedCopy}"), cancellationToken: ct))
        {
            await index.Table.UpsertEntityAsync(WorksIndex.Copy(copy, WorksIndex.Located, copy.PartitionKey), TableUpdateMode.Replace, ct);
            written++;
        }
        return written + await index.StampAsync(entities, points: true, ct);
    }
}
