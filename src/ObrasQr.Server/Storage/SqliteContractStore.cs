using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;
using ObrasQr.Storage;

namespace ObrasQr.Server.Storage;

public sealed class SqliteContractStore(SqliteDatabase db) : IContractStore
{
    const string Columns = "contract_id, version, content_hash, synced_at, source, json";

    public Task<ContractVersion?> FindAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM contracts WHERE contract_id = $id";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public Task<IReadOnlyList<ContractVersion>> HistoryAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM contract_versions WHERE contract_id = $id ORDER BY version";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult<IReadOnlyList<ContractVersion>>(ReadAll(command));
    }

    public Task<IReadOnlyList<ContractVersion>> ListAsync(bool publishedOnly, string? afterContractId, int take, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM contracts
            WHERE ($published = 0 OR published = 1) AND contract_id > $after
            ORDER BY contract_id LIMIT $take
            """;
        command.Parameters.AddWithValue("$published", publishedOnly ? 1 : 0);
        command.Parameters.AddWithValue("$after", afterContractId ?? "");
        command.Parameters.AddWithValue("$take", take);
        return Task.FromResult<IReadOnlyList<ContractVersion>>(ReadAll(command));
    }

    public Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        var json = ContractJson.Serialize(version.Contract);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO contract_versions (contract_id, version, content_hash, synced_at, source, json)
                VALUES ($id, $version, $hash, $synced, $source, $json) ON CONFLICT DO NOTHING
                """;
            Bind(insert, version, json);
            if (insert.ExecuteNonQuery() == 0) return Task.FromResult(false);
        }
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            // Only the next version may replace the current one: a stale writer changes nothing.
            upsert.CommandText = """
                INSERT INTO contracts (contract_id, version, published, content_hash, synced_at, source, json)
                VALUES ($id, $version, $published, $hash, $synced, $source, $json)
                ON CONFLICT (contract_id) DO UPDATE SET version = excluded.version, published = excluded.published,
                    content_hash = excluded.content_hash, synced_at = excluded.synced_at, source = excluded.source,
                    json = excluded.json
                WHERE contracts.version = excluded.version - 1
                """;
            Bind(upsert, version, json);
            upsert.Parameters.AddWithValue("$published", version.Contract.IsPublishedWork ? 1 : 0);
            if (upsert.ExecuteNonQuery() == 0) return Task.FromResult(false); // rolled back on dispose
        }
        transaction.Commit();
        return Task.FromResult(true);
    }

    public Task<int> CountAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM contracts";
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar()));
    }

    static void Bind(SqliteCommand command, ContractVersion version, string json)
    {
        command.Parameters.AddWithValue("$id", version.ContractId);
        command.Parameters.AddWithValue("$version", version.Number);
        command.Parameters.AddWithValue("$hash", version.ContentHash);
        command.Parameters.AddWithValue("$synced", version.SyncedAt.ToString("O"));
        command.Parameters.AddWithValue("$source", version.Source);
        command.Parameters.AddWithValue("$json", json);
    }

    static List<ContractVersion> ReadAll(SqliteCommand command)
    {
        var versions = new List<ContractVersion>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            versions.Add(new ContractVersion(reader.GetString(0), reader.GetInt32(1), ContractJson.Deserialize(reader.GetString(5)),
                reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(4)));
        return versions;
    }
}
