using Azure.Data.Tables;
using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage;

/// <summary>The lists of works and the catalog stamps: each a range inside one partition of table "works"
/// (<see cref="WorksIndex"/>), whatever the number of contracts in the store.</summary>
public sealed partial class AzureContractStore
{
    // A withdrawn work (AzureWithdrawals, one partition read) is skipped and the range reads on, so a page stays full.
    public async Task<IReadOnlyList<ContractVersion>> ListPublishedAsync(string? afterContractId, int take, CancellationToken ct = default) =>
        await PageAsync(works.Table, TableClient.CreateQueryFilter($"PartitionKey eq {WorksIndex.Listed} and RowKey gt {After(afterContractId)}"), take, ct,
            await new AzureWithdrawals(store).IdsAsync(ct));

    public async Task<IReadOnlyList<ContractVersion>> ListByEntityAsync(string entityNit, bool publishedOnly, string? afterContractId, int take,
        CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WorksIndex.EntityPartition(entityNit)} and RowKey gt {After(afterContractId)}");
        if (!publishedOnly) return await PageAsync(works.Table, filter, take, ct);
        filter += " and " + TableClient.CreateQueryFilter($"Published eq {true}");
        return await PageAsync(works.Table, filter, take, ct, await new AzureWithdrawals(store).IdsAsync(ct));
    }

    /// <summary>Every contract of every entity: a scan over the "current" rows of all partitions (contract id order),
    /// kept for background jobs and tests only; no request path calls it.</summary>
    public Task<IReadOnlyList<ContractVersion>> ListAllAsync(string? afterContractId, int take, CancellationToken ct = default) =>
        PageAsync(table, TableClient.CreateQueryFilter($"PartitionKey gt {After(afterContractId)} and RowKey eq {Current}"), take, ct);

    static string After(string? afterContractId) => afterContractId is null ? "" : TableKeys.Encode(afterContractId);

    static async Task<IReadOnlyList<ContractVersion>> PageAsync(TableClient from, string filter, int take, CancellationToken ct,
        IReadOnlySet<string>? leftOut = null)
    {
        var page = new List<ContractVersion>();
        if (take <= 0) return page;
        await foreach (var row in from.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: ct))
        {
            if (leftOut is not null && row.GetString("ContractId") is { } id && leftOut.Contains(id)) continue;
            page.Add(Read(row));
            if (page.Count == take) break;
        }
        return page;
    }

    public async Task<string?> NationalStampAsync(CancellationToken ct = default)
    {
        var row = await works.Table.GetEntityIfExistsAsync<TableEntity>(WorksIndex.Catalog, WorksIndex.NationalStamp,
            select: [WorksIndex.StampProperty], cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString(WorksIndex.StampProperty) : null;
    }

    public async Task<CatalogStamps> StampsAsync(CancellationToken ct = default)
    {
        string? national = null, points = null;
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in works.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WorksIndex.Catalog}"), cancellationToken: ct))
        {
            var stamp = row.GetString(WorksIndex.StampProperty);
            if (row.RowKey == WorksIndex.NationalStamp) national = stamp;
            else if (row.RowKey == WorksIndex.PointsStamp) points = stamp;
            else if (row.GetString(WorksIndex.EntityNitProperty) is { } nit) entities[nit] = stamp;
        }
        return new CatalogStamps(national, points, entities);
    }
}
