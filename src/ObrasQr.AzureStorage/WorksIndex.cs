using Azure;
using Azure.Data.Tables;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "works" (docs/azure-tables.md): the questions asked of the whole catalog, each answered inside one partition.
/// <list type="bullet">
/// <item>PartitionKey <see cref="Listed"/>, RowKey the contract id: a copy of the "current" row of every listed work
/// (what ListPublishedAsync returns), so paging reads only this partition.</item>
/// <item>PartitionKey <c>e_</c> + entity NIT, RowKey the contract id: a copy of the "current" row of each of the entity's
/// contracts, listed or not (the office's works list, the catalog re-reading one entity).</item>
/// <item>PartitionKey <see cref="Located"/>, RowKey the contract id: each work's newest located progress entry (the map).</item>
/// <item>PartitionKey <see cref="Catalog"/>: the stamps, RowKey <see cref="NationalStamp"/>, <see cref="PointsStamp"/>
/// and <c>e_</c> + NIT, each a new random <c>Stamp</c> whenever what it covers changed.</item>
/// </list>
/// Index rows are written after the version (another table, no shared transaction): idempotent upserts, then the
/// stamps, last the national one, so an instance that sees a new stamp reads the rows it covers.
/// </summary>
public sealed class WorksIndex(AzureStore store)
{
    public const string Listed = "all";
    public const string Located = "located";
    public const string Catalog = "catalog";
    public const string NationalStamp = "all";
    public const string PointsStamp = "located";
    public const string StampProperty = "Stamp";
    public const string EntityNitProperty = "EntityNit";
    const string EntityPrefix = "e_";

    public TableClient Table { get; } = store.Table(AzureStore.Works);

    public static string EntityPartition(string? entityNit) =>
        EntityPrefix + (string.IsNullOrEmpty(entityNit) ? "" : TableKeys.Encode(entityNit));

    /// <summary>
    /// Whether a work is in the <see cref="Listed"/> partition: a published work. Works withdrawn from publication are
    /// to be left out here too (their <see cref="Listed"/> row deleted on withdrawal), the one place this rule lives.
    /// </summary>
    static bool IsListed(TableEntity current) => current.GetBoolean("Published") == true;

    /// <summary>A contract's "current" row as a version (or a batch of them) leaves it, for <see cref="WriteManyAsync"/>: the entities its earlier
    /// versions named (to leave their lists), and whether it may have had a <see cref="Listed"/> row before (false for
    /// a contract first written in this batch: nothing to delete).</summary>
    public sealed record Written(TableEntity Current, IReadOnlyCollection<string> PreviousEntityNits, bool MayHaveBeenListed);

    /// <summary>
    /// Puts contracts' "current" rows (with their <see cref="EntityNitProperty"/>) into the index, then moves the stamps
    /// of the entities whose lists changed: upserts of the same rows, so a rerun, or a repair after a crash between the
    /// versions and their index, writes the same thing. The caller has written every version first: an index row
    /// never runs ahead of its version. Returns the rows written.
    /// </summary>
    public async Task<int> WriteManyAsync(IReadOnlyCollection<Written> contracts, CancellationToken ct)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var written = await WriteRowsAsync(contracts, changed, ct);
        return changed.Count == 0 ? written : written + await StampAsync(changed, points: false, ct);
    }

    /// <summary>
    /// The rows of <see cref="WriteManyAsync"/> without the stamps (adds the entities whose list changed to
    /// <paramref name="changedEntities"/>, for a caller that moves them once at its end): each partition's copies go as
    /// upserts in entity group transactions, a hundred rows a request, where one contract at a time took two requests
    /// and two stamps each (an import into Azure was four times the requests it needed). A contract moved to another
    /// entity leaves the lists of the entities its earlier versions named. Returns the rows written.
    /// </summary>
    public async Task<int> WriteRowsAsync(IReadOnlyCollection<Written> contracts, ISet<string> changedEntities, CancellationToken ct)
    {
        var upserts = new List<TableEntity>(contracts.Count * 2);
        var deletes = new List<(string Partition, string Contract)>();
        foreach (var (current, previousNits, mayHaveBeenListed) in contracts)
        {
            var contract = current.PartitionKey;
            var entityNit = current.GetString(EntityNitProperty) ?? "";
            upserts.Add(Copy(current, EntityPartition(entityNit), contract));
            if (IsListed(current)) upserts.Add(Copy(current, Listed, contract));
            else if (mayHaveBeenListed) deletes.Add((Listed, contract));
            changedEntities.Add(entityNit);
            foreach (var previous in previousNits.Where(nit => nit != entityNit))
            {
                deletes.Add((EntityPartition(previous), contract));
                changedEntities.Add(previous);
            }
        }
        var groups = upserts.GroupBy(row => row.PartitionKey).SelectMany(EntityGroupWriter.Groups);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct };
        await Parallel.ForEachAsync(groups, parallel, async (group, token) =>
            await Table.SubmitTransactionAsync(group.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
        // One by one: a delete of a row that is not there fails a whole transaction, and these are rare (moves, withdrawals).
        await Parallel.ForEachAsync(deletes, parallel, async (delete, token) => await DeleteAsync(Table, delete.Partition, delete.Contract, token));
        return upserts.Count + deletes.Count;
    }

    /// <summary>New stamps for these entities (and the map's points), then the national one: returns the rows written.</summary>
    public async Task<int> StampAsync(IEnumerable<string> entityNits, bool points, CancellationToken ct)
    {
        var written = 0;
        foreach (var nit in entityNits.Distinct(StringComparer.Ordinal))
            written += await NewStampAsync(EntityPartition(nit), nit, ct);
        if (points) written += await NewStampAsync(PointsStamp, null, ct);
        return written + await NewStampAsync(NationalStamp, null, ct);
    }

    // An entity's stamp names its NIT, so a reader of the catalog partition need not decode keys.
    async Task<int> NewStampAsync(string rowKey, string? entityNit, CancellationToken ct)
    {
        var row = new TableEntity(Catalog, rowKey) { [StampProperty] = Guid.NewGuid().ToString("N") };
        if (entityNit is not null) row[EntityNitProperty] = entityNit;
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        return 1;
    }

    public static async Task DeleteAsync(TableClient table, string partition, string rowKey, CancellationToken ct)
    {
        try { await table.DeleteEntityAsync(partition, rowKey, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { } // never there, or already gone: the same outcome
    }

    /// <summary>A row's properties under other keys, without what only the contract page reads (facts summary, import
    /// fingerprint): the index rows are copies of the "current" rows and of the progress partitions' located copies.</summary>
    public static TableEntity Copy(TableEntity source, string partition, string rowKey)
    {
        var row = new TableEntity(partition, rowKey);
        foreach (var (name, value) in source)
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or "FactsSummary" or "RowFingerprint")) row[name] = value;
        return row;
    }
}
