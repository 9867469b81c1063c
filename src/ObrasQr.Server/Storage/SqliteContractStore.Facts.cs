using System.Globalization;
using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;

namespace ObrasQr.Server.Storage;

/// <summary>Facts summaries (<see cref="ContractFactsSummary"/>) in table contract_facts, one row per contract with more
/// than one version: a one-version history is read whole anyway, and a first import writes no extra row per contract.</summary>
public sealed partial class SqliteContractStore
{
    public Task<RecentHistory?> RecentAsync(string contractId, int take, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var snapshot = connection.BeginTransaction(deferred: true); // both reads see the same versions
        using var latest = connection.CreateCommand();
        latest.Transaction = snapshot;
        // Versions are numbered 1..current: the latest ones are a range of the primary key.
        latest.CommandText = $"""
            SELECT {Columns} FROM contract_versions v
            WHERE v.contract_id = $id AND v.version > (SELECT version FROM contracts WHERE contract_id = $id) - $take
            ORDER BY v.version
            """;
        latest.Parameters.AddWithValue("$id", contractId);
        latest.Parameters.AddWithValue("$take", Math.Max(take, 1));
        var versions = ReadAll(latest);
        if (versions.Count == 0) return Task.FromResult<RecentHistory?>(null);
        using var kept = connection.CreateCommand();
        kept.Transaction = snapshot;
        kept.CommandText = "SELECT summary FROM contract_facts WHERE contract_id = $id";
        kept.Parameters.AddWithValue("$id", contractId);
        var summary = ContractFactsSummary.FromJson(kept.ExecuteScalar() as string);
        return Task.FromResult<RecentHistory?>(new RecentHistory(versions, versions[^1].Number, summary));
    }

    public Task KeepFactsSummaryAsync(string contractId, ContractFactsSummary summary, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // One statement: SQLite runs writers one at a time, so no version can be added between the check and the write.
        command.CommandText = """
            INSERT INTO contract_facts (contract_id, summary)
            SELECT $id, $summary WHERE EXISTS (SELECT 1 FROM contracts WHERE contract_id = $id AND version = $through)
            ON CONFLICT (contract_id) DO UPDATE SET summary = excluded.summary
            """;
        command.Parameters.AddWithValue("$id", contractId);
        command.Parameters.AddWithValue("$summary", summary.ToJson());
        command.Parameters.AddWithValue("$through", summary.Through);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>Folds each version written into its contract's summary, in the version's transaction.</summary>
    sealed class FactsSummaryWriter : IDisposable
    {
        readonly SqliteCommand read, first, write;

        public FactsSummaryWriter(SqliteConnection connection, SqliteTransaction transaction)
        {
            read = Command(connection, transaction, "SELECT summary FROM contract_facts WHERE contract_id = $id");
            first = Command(connection, transaction, "SELECT json FROM contract_versions WHERE contract_id = $id AND version = 1");
            write = Command(connection, transaction, """
                INSERT INTO contract_facts (contract_id, summary) VALUES ($id, $summary)
                ON CONFLICT (contract_id) DO UPDATE SET summary = excluded.summary
                """);
            write.Parameters.Add(new SqliteParameter { ParameterName = "$summary" });
        }

        public void Fold(ContractVersion version)
        {
            if (version.Number == 1) return; // no row: the page reads a one-version history whole
            read.Parameters["$id"].Value = version.ContractId;
            var before = ContractFactsSummary.FromJson(read.ExecuteScalar() as string);
            if (before is null && version.Number == 2)
            {
                first.Parameters["$id"].Value = version.ContractId;
                if (first.ExecuteScalar() is string json)
                    before = ContractFactsSummary.Start(new ContractVersion(version.ContractId, 1, ContractJson.Deserialize(json), "", version.SyncedAt, ""));
            }
            // Missing or behind (data from before summaries, older rules): left as it is, and rebuilt by its next reader.
            if (before?.Then(version) is not { } after) return;
            write.Parameters["$id"].Value = version.ContractId;
            write.Parameters["$summary"].Value = after.ToJson();
            write.ExecuteNonQuery();
        }

        public void Dispose()
        {
            read.Dispose();
            first.Dispose();
            write.Dispose();
        }
    }
}
