using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Withdrawals;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "withdrawals": one partition, "withdrawn", with a row per work withdrawn now (RowKey = the contract id), so the
/// listings read the whole set in one partition query and a page asks it with a point read. Table "withdrawalacts": every
/// act, PartitionKey = the contract id, RowKey = the time (oldest first) and a random suffix. Apart from "contracts",
/// whose "current" row every import replaces: no import or sync touches a withdrawal.
/// </summary>
public sealed class AzureWithdrawals(AzureStore store) : IWithdrawalStore
{
    const string Partition = "withdrawn";
    readonly TableClient withdrawn = store.Table(AzureStore.Withdrawals);
    readonly TableClient acts = store.Table(AzureStore.WithdrawalActs);

    public async Task<Withdrawal?> FindAsync(string contractId, CancellationToken ct = default)
    {
        var row = await withdrawn.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(contractId), cancellationToken: ct);
        return row.HasValue ? Read(row.Value!).AsWithdrawal() : null;
    }

    public async Task<IReadOnlyList<Withdrawal>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<Withdrawal>();
        await foreach (var row in withdrawn.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct))
            list.Add(Read(row).AsWithdrawal());
        return list; // RowKeys are the encoded ids, which keep the ids' order
    }

    /// <summary>The ids of the works withdrawn now: what <see cref="AzureContractStore.ListPublishedAsync"/> leaves out.</summary>
    public async Task<HashSet<string>> IdsAsync(CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in withdrawn.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"),
            select: ["ContractId"], cancellationToken: ct))
            ids.Add(row.GetString("ContractId"));
        return ids;
    }

    public async Task<IReadOnlyList<WithdrawalAct>> HistoryAsync(string contractId, CancellationToken ct = default)
    {
        var list = new List<WithdrawalAct>();
        await foreach (var row in acts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(contractId)}"),
            cancellationToken: ct))
            list.Add(Read(row));
        return list;
    }

    /// <summary>
    /// The state first, conditionally (adding the row fails if the work is withdrawn already; deleting it is conditional on
    /// the ETag just read), so of two offices acting at once only one act takes effect; then the act in the history.
    /// The two tables cannot share a transaction: a crash between them loses that history line, never the state.
    /// </summary>
    public async Task<bool> RecordAsync(WithdrawalAct act, CancellationToken ct = default)
    {
        var key = TableKeys.Encode(act.ContractId);
        try
        {
            if (act.Kind == WithdrawalActKind.Withdrawn)
                await withdrawn.AddEntityAsync(Row(Partition, key, act), ct);
            else
            {
                var row = await withdrawn.GetEntityIfExistsAsync<TableEntity>(Partition, key, select: ["ContractId"], cancellationToken: ct);
                if (!row.HasValue) return false;
                await withdrawn.DeleteEntityAsync(Partition, key, row.Value!.ETag, ct);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false; // withdrawn already, or published again meanwhile by someone else
        }
        await new AzurePageStamps(store).MoveAsync(act.ContractId, ct); // the page shows the state, not the acts: right after it
        await acts.AddEntityAsync(Row(key, TableKeys.Ticks(act.At.UtcTicks) + "_" + Guid.NewGuid().ToString("N"), act), ct);
        // The works catalog of every instance re-reads this entity's works (and the map) at its next look.
        await new WorksIndex(store).StampAsync([act.EntityNit ?? ""], points: true, ct);
        return true;
    }

    static TableEntity Row(string partition, string rowKey, WithdrawalAct act) => new(partition, rowKey)
    {
        ["ContractId"] = act.ContractId,
        ["Kind"] = act.Kind.ToString(),
        // Round-trip text: a table DateTime property holds UTC only.
        ["At"] = act.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["Reason"] = act.Reason,
        ["StaffId"] = act.StaffId,
        ["StaffName"] = act.StaffName,
        ["EntityNit"] = act.EntityNit,
    };

    static WithdrawalAct Read(TableEntity row) => new(
        row.GetString("ContractId"),
        Enum.Parse<WithdrawalActKind>(row.GetString("Kind")),
        DateTimeOffset.Parse(row.GetString("At"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        row.GetString("Reason"),
        row.GetString("StaffId"),
        row.GetString("StaffName"),
        row.GetString("EntityNit"));
}
