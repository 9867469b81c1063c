using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;

namespace ObrasQr.Server.Storage;

/// <summary>Row fingerprints kept on unchanged current versions (<see cref="IContractStore.KeepRowFingerprintsAsync"/>).</summary>
public sealed partial class SqliteContractStore
{
    public Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        // A lost fingerprint only means a row is mapped once more: written as an import's batches are.
        AsImport(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var keep = connection.CreateCommand();
            keep.Transaction = transaction;
            // The version condition lets a version written meanwhile win (its own fingerprint, or none, stays).
            keep.CommandText = "UPDATE contracts SET row_fingerprint = $fp WHERE contract_id = $id AND version = $v";
            var (fp, id, v) = (keep.Parameters.Add("$fp", SqliteType.Text), keep.Parameters.Add("$id", SqliteType.Text), keep.Parameters.Add("$v", SqliteType.Integer));
            foreach (var row in rows)
            {
                (fp.Value, id.Value, v.Value) = (row.RowFingerprint, row.ContractId, row.Version);
                keep.ExecuteNonQuery();
            }
            transaction.Commit();
            return rows.Count;
        });
        return Task.CompletedTask;
    }
}
