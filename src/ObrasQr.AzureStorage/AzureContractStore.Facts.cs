using Azure.Data.Tables;
using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage;

/// <summary>Facts summaries (<see cref="ContractFactsSummary"/>): a property of each contract's "current" row, written
/// in the same entity group transaction as the version it was folded up to.</summary>
public sealed partial class AzureContractStore
{
    const string FactsSummary = "FactsSummary";

    // A summary that could not be folded (none kept, older rules) is left out of the new "current" row: readers rebuild it.
    static void KeepSummary(TableEntity current, ContractFactsSummary? summary)
    {
        if (summary is not null) current[FactsSummary] = summary.ToJson();
    }

    public async Task<RecentHistory?> RecentAsync(string contractId, int take, CancellationToken ct = default)
    {
        var partition = TableKeys.Encode(contractId);
        var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, Current, select: ["Version", FactsSummary], cancellationToken: ct);
        if (!head.HasValue || head.Value!.GetInt32("Version") is not { } number) return null;
        // Versions are numbered 1..current with fixed-width row keys: the latest ones are one range of the partition.
        var from = TableKeys.Version(Math.Max(1, number - Math.Max(take, 1) + 1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {TableKeys.VersionsTo}");
        var versions = new List<ContractVersion>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            versions.Add(Read(row));
        if (versions.Count == 0) return null;
        if (versions.Count > take) versions.RemoveRange(0, versions.Count - take); // versions written since "current" was read
        return new RecentHistory(versions, versions[^1].Number, ContractFactsSummary.FromJson(head.Value.GetString(FactsSummary)));
    }

    public Task KeepFactsSummaryAsync(string contractId, ContractFactsSummary summary, CancellationToken ct = default) =>
        KeepOnCurrentAsync(contractId, summary.Through, FactsSummary, summary.ToJson(), ct);
}
