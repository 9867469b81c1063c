using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "contracts": one partition per contract (PartitionKey = contract id). RowKey "current" is the latest version,
/// RowKey v0000000001, v0000000002, ... the history. Appending a version and moving "current" is one entity group
/// transaction, conditional on the ETag of the "current" row read before, so it is atomic and a stale writer loses;
/// the same transaction moves the work's page stamp (<see cref="AzurePageStamps"/>).
/// </summary>
/// <remarks>Facts summaries: AzureContractStore.Facts.cs; row fingerprints kept: AzureContractStore.Fingerprints.cs; the
/// lists and catalog stamps, read from table "works" (<see cref="WorksIndex"/>): AzureContractStore.Catalog.cs.</remarks>
public sealed partial class AzureContractStore(AzureStore store) : IContractStore
{
    const string Current = "current";
    readonly TableClient table = store.Table(AzureStore.Contracts);
    readonly WorksIndex works = new(store);

    public async Task<ContractVersion?> FindAsync(string contractId, CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(contractId), Current, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<ContractVersion>> HistoryAsync(string contractId, CancellationToken ct = default)
    {
        var partition = TableKeys.Encode(contractId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {TableKeys.VersionsFrom} and RowKey lt {TableKeys.VersionsTo}");
        var versions = new List<ContractVersion>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            versions.Add(Read(row));
        return versions; // RowKeys are fixed-width version numbers: already oldest first
    }

    public async Task<IReadOnlyList<ContractVersion>> VersionsBeforeAsync(string contractId, int beforeNumber, int take, CancellationToken ct = default)
    {
        var versions = new List<ContractVersion>();
        if (take < 1 || beforeNumber <= 1) return versions;
        // Versions are numbered 1..current with fixed-width row keys: the window is one range of the partition, ending
        // at the current version when asked past it (Tables cannot read a range newest first).
        var partition = TableKeys.Encode(contractId);
        var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, Current, select: ["Version"], cancellationToken: ct);
        if (!head.HasValue || head.Value!.GetInt32("Version") is not { } current) return versions;
        beforeNumber = (int)Math.Min(beforeNumber, current + 1L);
        var (from, to) = (TableKeys.Version((int)Math.Max(1L, (long)beforeNumber - take)), TableKeys.Version(beforeNumber));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            versions.Add(Read(row));
        return versions;
    }

    public async Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default)
    {
        if (await WriteVersionAsync(version, ct) is not { } written) return false;
        // After the version, never before: a crash here leaves the index behind, which the next version of this
        // contract or the migration's rebuild (WorksIndexMigration) repairs; a reader never sees an index row ahead.
        await works.WriteManyAsync([written], ct);
        return true;
    }

    /// <summary>The version and its "current" row in one transaction; null when it was not written (that version exists,
    /// or "current" moved since it was read). The works index is the caller's to write.</summary>
    async Task<WorksIndex.Written?> WriteVersionAsync(ContractVersion version, CancellationToken ct)
    {
        var partition = TableKeys.Encode(version.ContractId);
        var json = ContractJson.Serialize(version.Contract);
        var history = Row(partition, TableKeys.Version(version.Number), version, json);
        var current = Row(partition, Current, version, json);
        // Only on "current": replacing it with a later version written any other way drops the fingerprint.
        if (version.RowFingerprint is { } fingerprint) current["RowFingerprint"] = fingerprint;

        List<TableTransactionAction> transaction;
        string? previousEntityNit;
        if (version.Number == 1)
        {
            transaction = [new(TableTransactionActionType.Add, history), new(TableTransactionActionType.Add, current), AzurePageStamps.MoveIn(partition)];
            KeepSummary(current, ContractFactsSummary.Start(version));
            previousEntityNit = null;
        }
        else
        {
            // Only the next version may replace the current one.
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, Current, select: ["Version", FactsSummary, WorksIndex.EntityNitProperty], cancellationToken: ct);
            if (!existing.HasValue || existing.Value!.GetInt32("Version") != version.Number - 1) return null;
            previousEntityNit = existing.Value.GetString(WorksIndex.EntityNitProperty); // null on rows written before the index
            KeepSummary(current, ContractFactsSummary.FromJson(existing.Value.GetString(FactsSummary))?.Then(version));
            transaction = [new(TableTransactionActionType.Add, history), new(TableTransactionActionType.UpdateReplace, current, existing.Value.ETag),
                AzurePageStamps.MoveIn(partition)];
        }

        try
        {
            await table.SubmitTransactionAsync(transaction, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // that version exists, or "current" moved since it was read: nothing was written
        }
        return new(current, previousEntityNit is null ? [] : [previousEntityNit], MayHaveBeenListed: version.Number > 1);
    }

    /// <summary>Point reads of the "current" rows, a few at a time: rows of different partitions cannot be read in one
    /// request, and a point read is the cheapest thing the service does.</summary>
    public async Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default)
    {
        var heads = new System.Collections.Concurrent.ConcurrentDictionary<string, ContractHead>();
        await Parallel.ForEachAsync(contractIds.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(id), Current,
                select: ["Version", "ContentHash", "UpdatedInSecop", "Source", "RowFingerprint"], cancellationToken: token);
            if (row.HasValue)
                heads[id] = new ContractHead(row.Value!.GetInt32("Version") ?? 0, row.Value.GetString("ContentHash"),
                    row.Value.GetString("UpdatedInSecop") is { } updated ? DateTime.Parse(updated, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
                    row.Value.GetString("Source"), row.Value.GetString("RowFingerprint"));
        });
        return heads;
    }

    /// <summary>
    /// Each contract's versions in order, contracts side by side: a transaction cannot span partitions, and each
    /// version is already atomic on its own (history row and "current" in one transaction). Then the works index of the
    /// whole batch at once (<see cref="WorksIndex.WriteManyAsync"/>), after every version: a crash in between leaves
    /// the batch's contracts out of the lists until the import taken over finds them written and calls
    /// <see cref="RepairIndexAsync"/> (or the next version of each, or WorksIndexMigration's rebuild).
    /// </summary>
    public async Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default)
    {
        var results = new bool[versions.Count];
        var written = new System.Collections.Concurrent.ConcurrentBag<WorksIndex.Written>();
        var byContract = versions.Select((version, index) => (version, index)).GroupBy(v => v.version.ContractId);
        await Parallel.ForEachAsync(byContract, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (contract, token) =>
        {
            WorksIndex.Written? first = null, last = null;
            var previousNits = new List<string>();
            foreach (var (version, index) in contract)
            {
                if (await WriteVersionAsync(version, token) is not { } one) continue;
                results[index] = true;
                previousNits.AddRange(one.PreviousEntityNits);
                (first, last) = (first ?? one, one);
            }
            // What the index held before the batch is what the first version written here replaced.
            if (last is not null) written.Add(last with { PreviousEntityNits = previousNits, MayHaveBeenListed = first!.MayHaveBeenListed });
        });
        await works.WriteManyAsync(written, ct);
        return results;
    }

    /// <summary>Reads the contracts' "current" rows and writes their index rows again (upserts: the same rows when
    /// nothing was missing). Which entity an earlier version named is not known here: a contract that moved and lost
    /// its index in the same crash keeps a stale row in the old entity's list until WorksIndexMigration's rebuild.</summary>
    public async Task RepairIndexAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default)
    {
        var written = new System.Collections.Concurrent.ConcurrentBag<WorksIndex.Written>();
        await Parallel.ForEachAsync(contractIds.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(id), Current, cancellationToken: token);
            if (row.HasValue) written.Add(new(row.Value!, [], MayHaveBeenListed: true));
        });
        await works.WriteManyAsync(written, ct);
    }

    const int Parallelism = 16;

    /// <summary>
    /// Sets one property of a contract's "current" row while that row still holds <paramref name="version"/>: a merge
    /// conditional on the ETag just read, so a version written meanwhile wins and nothing is overwritten. For what is
    /// kept beside a version (its facts summary, its row fingerprint), never for the version itself.
    /// </summary>
    async Task KeepOnCurrentAsync(string contractId, int version, string property, string value, CancellationToken ct)
    {
        var partition = TableKeys.Encode(contractId);
        var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, Current, select: ["Version"], cancellationToken: ct);
        if (!head.HasValue || head.Value!.GetInt32("Version") != version) return;
        try
        {
            await table.UpdateEntityAsync(new TableEntity(partition, Current) { [property] = value }, head.Value.ETag, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // "current" moved (or went) since it was read: the newer version wins, and what was kept is rebuilt later.
        }
    }

    /// <summary>A scan of every "current" row: only demo seeding asks (ObrasQr__SeedDemoData, a start-up job, once),
    /// never a request path (docs/azure-tables.md).</summary>
    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {Current}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: ct))
            count++;
        return count;
    }

    static TableEntity Row(string partition, string rowKey, ContractVersion version, string json)
    {
        var row = new TableEntity(partition, rowKey)
        {
            ["ContractId"] = version.ContractId,
            ["Version"] = version.Number,
            ["Published"] = version.Contract.IsPublishedWork,
            ["ContentHash"] = version.ContentHash,
            ["SyncedAt"] = version.SyncedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["Source"] = version.Source,
            [WorksIndex.EntityNitProperty] = version.Contract.EntityNit ?? "", // where the works index lists it
        };
        if (version.Contract.UpdatedInSecop is { } updated)
            row["UpdatedInSecop"] = updated.ToString("O", CultureInfo.InvariantCulture); // compared by imports (HeadsAsync)
        EntityJson.Write(row, json);
        return row;
    }

    // SyncedAt is kept as round-trip text: a table DateTime property holds UTC only and loses the offset.
    static ContractVersion Read(TableEntity row) => new(
        row.GetString("ContractId"),
        row.GetInt32("Version") ?? 0,
        ContractJson.Deserialize(EntityJson.Read(row)),
        row.GetString("ContentHash"),
        DateTimeOffset.Parse(row.GetString("SyncedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        row.GetString("Source"));
}
