using Azure;
using Azure.Data.Tables;
using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage;

/// <summary>Row fingerprints kept on unchanged "current" rows (<see cref="IContractStore.KeepRowFingerprintsAsync"/>).</summary>
public sealed partial class AzureContractStore
{
    /// <summary>One partition per contract, so no two rows share a transaction: each is a read of "current" and a
    /// merge conditional on its ETag, contracts side by side as in <see cref="AddVersionsAsync"/>.</summary>
    public async Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default)
    {
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (row, token) =>
        {
            var partition = TableKeys.Encode(row.ContractId);
            var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, Current, select: ["Version"], cancellationToken: token);
            if (!head.HasValue || head.Value!.GetInt32("Version") != row.Version) return;
            try
            {
                // Merge touches this property only, and only if "current" has not moved since it was read.
                await table.UpdateEntityAsync(new TableEntity(partition, Current) { ["RowFingerprint"] = row.RowFingerprint },
                    head.Value.ETag, TableUpdateMode.Merge, token);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // A version was written (or the contract removed) meanwhile: it wins; the row is mapped next time.
            }
        });
    }
}
