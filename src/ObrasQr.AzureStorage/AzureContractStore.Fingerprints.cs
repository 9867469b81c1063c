using ObrasQr.Contracts;

namespace ObrasQr.AzureStorage;

/// <summary>Row fingerprints kept on unchanged "current" rows (<see cref="IContractStore.KeepRowFingerprintsAsync"/>).</summary>
public sealed partial class AzureContractStore
{
    /// <summary>One partition per contract, so no two rows share a transaction: each is kept on its own, contracts side
    /// by side as in <see cref="AddVersionsAsync"/>; a row whose contract moved on is left to be mapped next time.</summary>
    public Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default) =>
        Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (row, token) => await KeepOnCurrentAsync(row.ContractId, row.Version, "RowFingerprint", row.RowFingerprint, token));
}
