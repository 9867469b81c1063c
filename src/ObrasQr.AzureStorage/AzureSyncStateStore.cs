using Azure.Data.Tables;
using ObrasQr.Sync;

namespace ObrasQr.AzureStorage;

/// <summary>Table "syncstate": PartitionKey "state", RowKey = the key; the value as text (split like record JSON).</summary>
public sealed class AzureSyncStateStore(AzureStore store) : ISyncStateStore
{
    const string Partition = "state";
    readonly TableClient table = store.Table(AzureStore.SyncState);

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(key), cancellationToken: ct);
        return row.HasValue ? EntityJson.Read(row.Value!) : null;
    }

    public async Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        var row = new TableEntity(Partition, TableKeys.Encode(key));
        EntityJson.Write(row, value);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }
}
