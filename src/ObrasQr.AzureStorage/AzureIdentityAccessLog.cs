using Azure.Data.Tables;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

/// <summary>Table "identityaccess": PartitionKey = the report id, RowKey = the time (oldest first) and a random suffix,
/// so two auditors opening it in the same tick both stay recorded.</summary>
public sealed class AzureIdentityAccessLog(AzureStore store) : IIdentityAccessLog
{
    readonly TableClient table = store.Table(AzureStore.IdentityAccess);

    public async Task RecordAsync(IdentityAccess access, CancellationToken ct = default)
    {
        var row = new TableEntity(TableKeys.Encode(access.ReportId),
            TableKeys.Ticks(access.At.UtcTicks) + "_" + Guid.NewGuid().ToString("N"))
        {
            ["By"] = access.By,
            ["At"] = access.At,
        };
        await table.AddEntityAsync(row, ct);
    }

    public async Task<IReadOnlyList<IdentityAccess>> ListAsync(string reportId, CancellationToken ct = default)
    {
        var accesses = new List<IdentityAccess>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(reportId)}"),
            cancellationToken: ct))
            accesses.Add(new IdentityAccess(reportId, row.GetString("By"), row.GetDateTimeOffset("At")!.Value));
        return accesses;
    }
}
