using Azure.Data.Tables;
using ObrasQr.Storage;

namespace ObrasQr.AzureStorage;

/// <summary>Reachable = a table answers a query and the files container exists, within five seconds.</summary>
public sealed class AzureStorageHealth(AzureStore store) : IStorageHealth
{
    public async Task<bool> IsReachableAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"health"}");
            await foreach (var _ in store.Table(AzureStore.Contracts).QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: timeout.Token).AsPages())
                break;
            return (await store.Files.ExistsAsync(timeout.Token)).Value;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false; // unreachable, refused (403) or too slow: the health answer says so, it does not fail
        }
    }
}
