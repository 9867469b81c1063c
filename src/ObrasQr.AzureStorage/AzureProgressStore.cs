using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Progress;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "progress": PartitionKey = the contract id (encoded), RowKey = the entry id; the entry as JSON. A work has a
/// few dozen entries, so its partition is read whole and ordered here (newest observation first).
/// </summary>
public sealed class AzureProgressStore(AzureStore store) : IProgressStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly TableClient table = store.Table(AzureStore.Progress);

    public async Task AddAsync(ProgressEntry entry, CancellationToken ct = default)
    {
        var row = new TableEntity(TableKeys.Encode(entry.ContractId), TableKeys.Encode(entry.EntryId));
        EntityJson.Write(row, JsonSerializer.Serialize(entry, Json));
        await table.AddEntityAsync(row, ct);
    }

    public async Task<IReadOnlyList<ProgressEntry>> ListAsync(string contractId, int take, CancellationToken ct = default)
    {
        var entries = new List<ProgressEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == TableKeys.Encode(contractId), cancellationToken: ct))
            entries.Add(Deserialize(row));
        return entries.OrderByDescending(e => e.ObservedOn).ThenByDescending(e => e.RecordedAt).ThenByDescending(e => e.EntryId, StringComparer.Ordinal)
            .Take(Math.Max(0, take)).ToList();
    }

    public async Task<ProgressEntry?> FindAsync(string contractId, string entryId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId) || string.IsNullOrEmpty(entryId)) return null;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(contractId), TableKeys.Encode(entryId), cancellationToken: ct);
        return row.HasValue ? Deserialize(row.Value!) : null;
    }

    public async Task<int> CountAsync(string contractId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId)) return 0;
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == TableKeys.Encode(contractId), select: ["RowKey"], cancellationToken: ct))
            count++;
        return count;
    }

    static ProgressEntry Deserialize(TableEntity row) =>
        JsonSerializer.Deserialize<ProgressEntry>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty progress entry JSON.");
}
