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
/// Corrections (issue 26) stay in the partition, so one transaction writes a change and its history: each entry row
/// has its version in "Version" (missing: 1), a deleted one stays with "Deleted" true (every read
/// leaves it out), and each earlier state is a row "%history|{entry id}|{version, 10 digits}"; after it,
/// the work's row in "located" is recomputed (<see cref="RefreshLocatedAsync"/>). Every change moves the work's page
/// stamp right after it (<see cref="AzurePageStamps"/>).
/// </summary>
public sealed class AzureProgressStore(AzureStore store) : IProgressStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>Encoded entry ids never hold a '%' followed by a non-hex letter, so this RowKey is never an entry's.</summary>
    const string Located = "%located";
    const int Attempts = 5;
    const string SourceProperty = "Source";
    const string VersionProperty = "Version";
    const string DeletedProperty = "Deleted";
    /// <summary>Like <see cref="Located"/>, never an encoded entry id's start ('%' then a non-hex letter).</summary>
    const string HistoryPrefix = "%history|";
    readonly TableClient table = store.Table(AzureStore.Progress);
    readonly WorksIndex works = new(store);
    readonly AzurePageStamps pages = new(store);

    public async Task AddAsync(ProgressEntry entry, CancellationToken ct = default)
    {
        var partition = TableKeys.Encode(entry.ContractId);
        var json = JsonSerializer.Serialize(entry, Json);
        var row = new TableEntity(partition, TableKeys.Encode(entry.EntryId));
        EntityJson.Write(row, json);
        row[SourceProperty] = ProgressSources.Code(entry.Source);
        row[VersionProperty] = entry.Version;
        for (var attempt = 1; ; attempt++)
        {
            var marker = entry is { Latitude: not null, Longitude: not null }
                ? await table.GetEntityIfExistsAsync<TableEntity>(partition, Located, cancellationToken: ct) : null;
            if (marker is null || marker.HasValue && !IsNewer(entry, Deserialize(marker.Value!)))
            {
                await table.AddEntityAsync(row, ct);
                await pages.MoveAsync(entry.ContractId, ct);
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
            await pages.MoveAsync(entry.ContractId, ct);
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
            if (!IsDeleted(row) && Deserialize(row) is { Latitude: not null, Longitude: not null } entry && (newestEntry is null || IsNewer(entry, newestEntry)))
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
            if (!IsDeleted(row)) entries.Add(Deserialize(row));
        return entries.OrderByDescending(e => e.ObservedOn).ThenByDescending(e => e.RecordedAt).ThenByDescending(e => e.EntryId, StringComparer.Ordinal)
            .Take(Math.Max(0, take)).ToList();
    }

    public async Task<ProgressEntry?> FindAsync(string contractId, string entryId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId) || string.IsNullOrEmpty(entryId)) return null;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(contractId), TableKeys.Encode(entryId), cancellationToken: ct);
        return row.HasValue && !IsDeleted(row.Value!) ? Deserialize(row.Value!) : null;
    }

    public async Task<int> CountAsync(string contractId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId)) return 0;
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(EntriesOf(contractId), select: ["RowKey", DeletedProperty], cancellationToken: ct))
            if (!IsDeleted(row)) count++;
        return count;
    }

    public Task<bool> CorrectAsync(ProgressEntry corrected, ProgressRevision earlier, CancellationToken ct = default) =>
        ReviseAsync(earlier, corrected, ct);

    public Task<bool> DeleteAsync(ProgressRevision last, CancellationToken ct = default) => ReviseAsync(last, null, ct);

    /// <summary>One transaction in the entry's partition: the entry replaced by <paramref name="corrected"/> (or marked
    /// deleted, its last JSON kept) on the ETag of the version read, its earlier state added as a history row, and the
    /// map's <see cref="Located"/> copy moved when the change moves the work's point.</summary>
    async Task<bool> ReviseAsync(ProgressRevision revision, ProgressEntry? corrected, CancellationToken ct)
    {
        var was = revision.Was;
        if (string.IsNullOrEmpty(was.ContractId) || string.IsNullOrEmpty(was.EntryId)) return false;
        var partition = TableKeys.Encode(was.ContractId);
        var rowKey = TableKeys.Encode(was.EntryId);
        var history = new TableEntity(partition, HistoryKey(was.EntryId, was.Version));
        EntityJson.Write(history, JsonSerializer.Serialize(revision, Json));
        for (var attempt = 1; ; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            if (!stored.HasValue || IsDeleted(stored.Value!) || VersionOf(stored.Value!) != was.Version) return false;
            var next = new TableEntity(partition, rowKey);
            EntityJson.Write(next, corrected is null ? EntityJson.Read(stored.Value!) : JsonSerializer.Serialize(corrected, Json));
            next[SourceProperty] = stored.Value!.GetString(SourceProperty) ?? ProgressSources.Code(ProgressSource.Office);
            next[VersionProperty] = was.Version + 1;
            if (corrected is null) next[DeletedProperty] = true;
            List<TableTransactionAction> actions =
                [new(TableTransactionActionType.UpdateReplace, next, stored.Value!.ETag), new(TableTransactionActionType.Add, history)];
            var place = await PlaceAfterAsync(partition, was, corrected, ct);
            if (place is not null) actions.Add(place);
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                await pages.MoveAsync(was.ContractId, ct);
                // The map reads partition "located" of table "works": it follows the partition's copy just written.
                if (place is not null) await RefreshLocatedAsync(was.ContractId, ct);
                return true;
            }
            // The entry changed since it was read (its ETag, or its history row already written): the caller's version is stale.
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex is 0 or 1)
            {
                return false;
            }
            // Another entry of this work moved the map's copy since it was read (nothing was written): read again.
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
            }
        }
    }

    /// <summary>What the change does to the map's copy: the work's newest located entry once <paramref name="was"/>
    /// is replaced by <paramref name="corrected"/> (or gone), written only when it is another entry or this one changed.</summary>
    async Task<TableTransactionAction?> PlaceAfterAsync(string partition, ProgressEntry was, ProgressEntry? corrected, CancellationToken ct)
    {
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, Located, cancellationToken: ct);
        var shown = marker.HasValue ? Deserialize(marker.Value!) : null;
        var touched = shown?.EntryId == was.EntryId || corrected is { Latitude: not null, Longitude: not null };
        if (!touched) return null;
        var entries = (await ListAsync(was.ContractId, int.MaxValue, ct)).Where(e => e.EntryId != was.EntryId).ToList();
        if (corrected is not null) entries.Add(corrected);
        var newest = entries.Where(e => e is { Latitude: not null, Longitude: not null })
            .Aggregate((ProgressEntry?)null, (best, e) => best is null || IsNewer(e, best) ? e : best);
        if (newest is null)
            return marker.HasValue ? new(TableTransactionActionType.Delete, marker.Value!, marker.Value!.ETag) : null;
        if (shown is not null && newest.EntryId == shown.EntryId && newest.EntryId != was.EntryId) return null;
        var copy = new TableEntity(partition, Located);
        EntityJson.Write(copy, JsonSerializer.Serialize(newest, Json));
        copy[SourceProperty] = ProgressSources.Code(newest.Source);
        return marker.HasValue
            ? new(TableTransactionActionType.UpdateReplace, copy, marker.Value!.ETag)
            : new(TableTransactionActionType.Add, copy);
    }

    public async Task<IReadOnlyList<ProgressRevision>> HistoryAsync(string contractId, string entryId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId) || string.IsNullOrEmpty(entryId)) return [];
        var prefix = $"{HistoryPrefix}{TableKeys.Encode(entryId)}|";
        var above = prefix[..^1] + "}"; // '}' follows '|': every key with the prefix sorts below it
        var revisions = new List<ProgressRevision>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(contractId)} and RowKey ge {prefix} and RowKey lt {above}"), cancellationToken: ct))
            revisions.Add(JsonSerializer.Deserialize<ProgressRevision>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty progress revision JSON."));
        return revisions;
    }

    /// <summary>The RowKey of an entry's earlier state: after its id, the version it had, fixed width so they sort in order.</summary>
    static string HistoryKey(string entryId, int version) => $"{HistoryPrefix}{TableKeys.Encode(entryId)}|{version:D10}";

    static int VersionOf(TableEntity row) => row.GetInt32(VersionProperty) ?? 1;

    static bool IsDeleted(TableEntity row) => row.GetBoolean(DeletedProperty) == true;

    public async Task<IReadOnlyList<ProgressEntry>> LatestLocatedAsync(CancellationToken ct = default)
    {
        var entries = new List<ProgressEntry>();
        await foreach (var row in works.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WorksIndex.Located}"), cancellationToken: ct))
            entries.Add(Deserialize(row));
        return entries;
    }

    /// <summary>A contract's entry rows (deleted ones too): its partition without the <see cref="Located"/> copy and the
    /// history rows (every RowKey from "%h" up to "%i").</summary>
    static string EntriesOf(string contractId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(contractId)} and RowKey ne {Located} and (RowKey lt {"%h"} or RowKey ge {"%i"})");

    static ProgressEntry Deserialize(TableEntity row) =>
        (JsonSerializer.Deserialize<ProgressEntry>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty progress entry JSON."))
        with { Source = ProgressSources.Parse(row.GetString(SourceProperty)) };
}
