using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Progress;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "progress": PartitionKey = the contract id (encoded), RowKey = the entry id; the entry as JSON. A work has a
/// few dozen entries, so its partition is read whole and ordered here (newest observation first). Each partition also
/// holds a row <see cref="Located"/>: a copy of the work's newest entry with coordinates, written in the same
/// transaction as that entry, so there is never a point without its entry; after it, the same copy goes to partition
/// "located" of table "works" (<see cref="WorksIndex"/>), the one partition the map reads, and the catalog stamps move.
/// Its source is the property "Source" (missing: the office's, as every entry written before sources were kept).
/// </summary>
public sealed class AzureProgressStore(AzureStore store) : IProgressStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>Encoded entry ids never hold a '%' followed by a non-hex letter, so this RowKey is never an entry's.</summary>
    const string Located = "%located";
    const int Attempts = 5;
    const string SourceProperty = "Source";
    readonly TableClient table = store.Table(AzureStore.Progress);
    readonly WorksIndex works = new(store);

    public async Task AddAsync(ProgressEntry entry, CancellationToken ct = default)
    {
        var partition = TableKeys.Encode(entry.ContractId);
        var json = JsonSerializer.Serialize(entry, Json);
        var row = new TableEntity(partition, TableKeys.Encode(entry.EntryId));
        EntityJson.Write(row, json);
        row[SourceProperty] = ProgressSources.Code(entry.Source);
        for (var attempt = 1; ; attempt++)
        {
            var marker = entry is { Latitude: not null, Longitude: not null }
                ? await table.GetEntityIfExistsAsync<TableEntity>(partition, Located, cancellationToken: ct) : null;
            if (marker is null || marker.HasValue && !IsNewer(entry, Deserialize(marker.Value!)))
            {
                await table.AddEntityAsync(row, ct);
                return;
            }
            var copy = new TableEntity(partition, Located);
            EntityJson.Write(copy, json);
            copy[SourceProperty] = ProgressSources.Code(entry.Source);
            TableTransactionAction place = marker.HasValue
                ? new(TableTransactionActionType.UpdateReplace, copy, marker.Value!.ETag)
                : new(TableTransactionActionType.Add, copy);
            try
            {
                await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, row), place], ct);
            }
            // Another entry of this work moved the copy since it was read (nothing of this one was written): read again.
            // A repeated entry id (the first action) is thrown at once, as AddEntityAsync would.
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex != 0 && attempt < Attempts)
            {
                continue;
            }
            await IndexAsync(entry, copy, ct);
            return;
        }
    }

    /// <summary>
    /// Puts a work's newest located entry into the map's partition when it is newer than the row there (read with its
    /// ETag; a concurrent writer's 409/412 means read again), then moves the stamps. Repeating it changes nothing.
    /// </summary>
    async Task IndexAsync(ProgressEntry entry, TableEntity copy, CancellationToken ct)
    {
        var indexed = WorksIndex.Copy(copy, WorksIndex.Located, copy.PartitionKey);
        for (var attempt = 1; ; attempt++)
        {
            var kept = await works.Table.GetEntityIfExistsAsync<TableEntity>(WorksIndex.Located, copy.PartitionKey, cancellationToken: ct);
            if (kept.HasValue && !IsNewer(entry, Deserialize(kept.Value!))) return;
            try
            {
                if (kept.HasValue) await works.Table.UpdateEntityAsync(indexed, kept.Value!.ETag, TableUpdateMode.Replace, ct);
                else await works.Table.AddEntityAsync(indexed, ct);
                break;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
            }
        }
        await works.StampAsync([], points: true, ct);
    }

    /// <summary>
    /// Recomputes one work's newest located entry from its progress partition and writes it to both places (the
    /// partition's copy and the map's row), or removes both when no entry has coordinates: for changes that can make
    /// the newest located entry older (an entry edited or deleted). Returns whether the work has a point.
    /// </summary>
    public async Task<bool> RefreshLocatedAsync(string contractId, CancellationToken ct = default)
    {
        var partition = TableKeys.Encode(contractId);
        TableEntity? newest = null;
        ProgressEntry? newestEntry = null;
        await foreach (var row in table.QueryAsync<TableEntity>(EntriesOf(contractId), cancellationToken: ct))
            if (Deserialize(row) is { Latitude: not null, Longitude: not null } entry && (newestEntry is null || IsNewer(entry, newestEntry)))
                (newest, newestEntry) = (row, entry);
        if (newest is null)
        {
            await WorksIndex.DeleteAsync(table, partition, Located, ct);
            await WorksIndex.DeleteAsync(works.Table, WorksIndex.Located, partition, ct);
        }
        else
        {
            await table.UpsertEntityAsync(WorksIndex.Copy(newest, partition, Located), TableUpdateMode.Replace, ct);
            await works.Table.UpsertEntityAsync(WorksIndex.Copy(newest, WorksIndex.Located, partition), TableUpdateMode.Replace, ct);
        }
        await works.StampAsync([], points: true, ct);
        return newest is not null;
    }

    /// <summary>The order of <see cref="ListAsync"/>: newest observation, then newest recorded, then entry id.</summary>
    static bool IsNewer(ProgressEntry entry, ProgressEntry than)
    {
        var order = entry.ObservedOn.CompareTo(than.ObservedOn);
        if (order == 0) order = entry.RecordedAt.CompareTo(than.RecordedAt);
        if (order == 0) order = string.CompareOrdinal(entry.EntryId, than.EntryId);
        return order > 0;
    }

    public async Task<IReadOnlyList<ProgressEntry>> ListAsync(string contractId, int take, CancellationToken ct = default)
    {
        var entries = new List<ProgressEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(EntriesOf(contractId), cancellationToken: ct))
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
        await foreach (var _ in table.QueryAsync<TableEntity>(EntriesOf(contractId), select: ["RowKey"], cancellationToken: ct))
            count++;
        return count;
    }

    public async Task<IReadOnlyList<ProgressEntry>> LatestLocatedAsync(CancellationToken ct = default)
    {
        var entries = new List<ProgressEntry>();
        await foreach (var row in works.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WorksIndex.Located}"), cancellationToken: ct))
            entries.Add(Deserialize(row));
        return entries;
    }

    /// <summary>A contract's entries: its partition without the <see cref="Located"/> copy.</summary>
    static string EntriesOf(string contractId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(contractId)} and RowKey ne {Located}");

    static ProgressEntry Deserialize(TableEntity row) =>
        (JsonSerializer.Deserialize<ProgressEntry>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty progress entry JSON."))
        with { Source = ProgressSources.Parse(row.GetString(SourceProperty)) };
}
