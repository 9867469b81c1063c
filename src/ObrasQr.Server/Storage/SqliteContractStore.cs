using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;

namespace ObrasQr.Server.Storage;

/// <summary>Facts summaries: SqliteContractStore.Facts.cs; row fingerprints kept: SqliteContractStore.Fingerprints.cs.</summary>
public sealed partial class SqliteContractStore(SqliteDatabase db) : IContractStore
{
    const string Columns = "v.contract_id, v.version, v.content_hash, v.synced_at, v.source, v.json";

    // The current version is a pointer into contract_versions: each version's JSON is stored once.
    const string Current = "contracts c JOIN contract_versions v ON v.contract_id = c.contract_id AND v.version = c.version";

    public Task<ContractVersion?> FindAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Current} WHERE c.contract_id = $id";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    public Task<IReadOnlyList<ContractVersion>> HistoryAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM contract_versions v WHERE contract_id = $id ORDER BY version";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult<IReadOnlyList<ContractVersion>>(ReadAll(command));
    }

    public Task<IReadOnlyList<ContractVersion>> VersionsBeforeAsync(string contractId, int beforeNumber, int take, CancellationToken ct = default)
    {
        if (take < 1 || beforeNumber <= 1) return Task.FromResult<IReadOnlyList<ContractVersion>>([]);
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // Walks the primary key backwards from beforeNumber: reads take rows however long the history is.
        command.CommandText = $"""
            SELECT {Columns} FROM contract_versions v
            WHERE v.contract_id = $id AND v.version < $before
            ORDER BY v.version DESC LIMIT $take
            """;
        command.Parameters.AddWithValue("$id", contractId);
        command.Parameters.AddWithValue("$before", beforeNumber);
        command.Parameters.AddWithValue("$take", take);
        var versions = ReadAll(command);
        versions.Reverse();
        return Task.FromResult<IReadOnlyList<ContractVersion>>(versions);
    }

    // A withdrawn work (SqliteWithdrawalStore) is left out here, so every listing of works leaves it out.
    public Task<IReadOnlyList<ContractVersion>> ListPublishedAsync(string? afterContractId, int take, CancellationToken ct = default) =>
        List($"c.published = 1 AND {NotWithdrawn} AND ", afterContractId, take);

    public Task<IReadOnlyList<ContractVersion>> ListAllAsync(string? afterContractId, int take, CancellationToken ct = default) =>
        List("", afterContractId, take);

    // An entity's contracts: the JSON's NIT on each current version (a self-hosted store holds one office's or a
    // department's contracts, a few thousand rows).
    public Task<IReadOnlyList<ContractVersion>> ListByEntityAsync(string entityNit, bool publishedOnly, string? afterContractId, int take,
        CancellationToken ct = default) =>
        List($"{(publishedOnly ? $"c.published = 1 AND {NotWithdrawn} AND " : "")}{SqliteCatalogStamps.EntityOfJson} = $nit AND ", afterContractId, take, entityNit);

    const string NotWithdrawn = "NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.contract_id = c.contract_id)";

    public Task<string?> NationalStampAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        return Task.FromResult(SqliteCatalogStamps.ReadNational(connection));
    }

    public Task<CatalogStamps> StampsAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        return Task.FromResult(SqliteCatalogStamps.ReadAll(connection));
    }

    Task<IReadOnlyList<ContractVersion>> List(string published, string? afterContractId, int take, string? entityNit = null)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM {Current}
            WHERE {published}c.contract_id > $after
            ORDER BY c.contract_id LIMIT $take
            """;
        if (entityNit is not null) command.Parameters.AddWithValue("$nit", entityNit);
        command.Parameters.AddWithValue("$after", afterContractId ?? "");
        command.Parameters.AddWithValue("$take", take);
        return Task.FromResult<IReadOnlyList<ContractVersion>>(ReadAll(command));
    }

    public async Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default) =>
        (await AddVersionsAsync([version], ct))[0];

    public Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default)
    {
        var heads = new Dictionary<string, ContractHead>(contractIds.Count);
        if (contractIds.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, ContractHead>>(heads);
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // One parameter for the whole batch: the ids as a JSON array.
        command.CommandText = """
            SELECT contract_id, version, content_hash, updated_in_secop, source, row_fingerprint FROM contracts
            WHERE contract_id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(contractIds));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            heads[reader.GetString(0)] = new ContractHead(reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : DateTime.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
        return Task.FromResult<IReadOnlyDictionary<string, ContractHead>>(heads);
    }

    /// <summary>Nothing to repair: the lists are queries over the same rows a version's transaction writes.</summary>
    public Task RepairIndexAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default)
    {
        if (versions.Count == 0) return Task.FromResult<IReadOnlyList<bool>>([]);
        return Task.FromResult<IReadOnlyList<bool>>(AsImport(connection => Write(connection, versions)));
    }

    /// <summary>
    /// Runs an import's write on a pooled connection set for bulk work, then sets it back as Open() left it. Imports are
    /// replayable from the kept file, so their batches skip the fsync: a crash of the process still loses nothing, and
    /// a power cut loses at most the last batches, never consistency. Any later FULL commit (the export's status, a
    /// report) syncs the whole WAL, these batches included. A bigger cache and fewer, larger checkpoints: bulk batches
    /// write megabytes.
    /// </summary>
    T AsImport<T>(Func<SqliteConnection, T> write)
    {
        using var connection = db.Open();
        SqliteDatabase.Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=8192;");
        try
        {
            return write(connection);
        }
        finally
        {
            SqliteDatabase.Execute(connection, "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000; PRAGMA wal_autocheckpoint=1000;");
        }
    }

    // One transaction for the whole batch: a crash leaves all of it or none of it.
    static bool[] Write(SqliteConnection connection, IReadOnlyList<ContractVersion> versions)
    {
        var results = new bool[versions.Count];
        using var transaction = connection.BeginTransaction();
        using var first = Command(connection, transaction, """
            INSERT INTO contracts (contract_id, version, published, content_hash, updated_in_secop, synced_at, source, row_fingerprint)
            VALUES ($id, $version, $published, $hash, $updated, $synced, $source, $fingerprint) ON CONFLICT DO NOTHING
            """);
        // Only the next version may replace the current one: a stale writer changes nothing.
        using var next = Command(connection, transaction, """
            UPDATE contracts SET version = $version, published = $published, content_hash = $hash,
                updated_in_secop = $updated, synced_at = $synced, source = $source, row_fingerprint = $fingerprint
            WHERE contract_id = $id AND version = $version - 1
            """);
        using var history = Command(connection, transaction, """
            INSERT INTO contract_versions (contract_id, version, content_hash, synced_at, source, json)
            VALUES ($id, $version, $hash, $synced, $source, CAST($json AS TEXT))
            """);
        // The entity the current version names, before it is replaced: a contract moved to another entity changes both.
        using var previousEntity = Command(connection, transaction, $"SELECT {SqliteCatalogStamps.EntityOfJson} FROM {Current} WHERE c.contract_id = $id");
        using var summaries = new FactsSummaryWriter(connection, transaction);
        var changedEntities = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            var current = version.Number == 1 ? first : next;
            previousEntity.Parameters["$id"].Value = version.ContractId;
            var previous = version.Number == 1 ? null : previousEntity.ExecuteScalar() as string;
            Bind(current, version, null);
            current.Parameters["$published"].Value = version.Contract.IsPublishedWork ? 1 : 0;
            current.Parameters["$fingerprint"].Value = (object?)version.RowFingerprint ?? DBNull.Value; // null clears an older one
            current.Parameters["$updated"].Value = version.Contract.UpdatedInSecop is { } updated
                ? updated.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) : DBNull.Value;
            if (current.ExecuteNonQuery() == 0) continue;
            Bind(history, version, ContractJson.SerializeToUtf8(version.Contract)); // UTF-8 as is: no conversion on the way in
            history.ExecuteNonQuery();
            summaries.Fold(version);
            results[i] = true;
            changedEntities.Add(version.Contract.EntityNit ?? "");
            if (previous is not null) changedEntities.Add(previous);
        }
        if (changedEntities.Count > 0)
            SqliteCatalogStamps.Move(connection, transaction, changedEntities.Select(nit => SqliteCatalogStamps.EntityPrefix + nit));
        transaction.Commit();
        return results;
    }

    static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in new[] { "$id", "$version", "$hash", "$synced", "$source", "$json", "$published", "$updated", "$fingerprint" })
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public Task<int> CountAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM contracts";
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar()));
    }

    static void Bind(SqliteCommand command, ContractVersion version, byte[]? json)
    {
        command.Parameters["$id"].Value = version.ContractId;
        command.Parameters["$version"].Value = version.Number;
        command.Parameters["$hash"].Value = version.ContentHash;
        command.Parameters["$synced"].Value = version.SyncedAt.ToString("O", CultureInfo.InvariantCulture);
        command.Parameters["$source"].Value = version.Source;
        if (command.Parameters.Contains("$json")) command.Parameters["$json"].Value = json;
    }

    static List<ContractVersion> ReadAll(SqliteCommand command)
    {
        var versions = new List<ContractVersion>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            versions.Add(new ContractVersion(reader.GetString(0), reader.GetInt32(1), ContractJson.Deserialize(reader.GetString(5)),
                reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetString(4)));
        return versions;
    }
}
