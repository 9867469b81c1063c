using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ObrasQr.Progress;

namespace ObrasQr.Server.Storage;

/// <summary>Table progress_entries (schema step <see cref="SqliteSchema"/>.ProgressEntries): one row per entry, its JSON
/// whole, and its source in the column source (step ProgressEntriesKnowTheirSource: 'office' for older rows). Step
/// ProgressEntriesCanBeCorrected: the column version, deleted rows kept with deleted_at (every read
/// leaves them out), and each earlier state in progress_history.</summary>
public sealed class SqliteProgressStore(SqliteDatabase db) : IProgressStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task AddAsync(ProgressEntry entry, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO progress_entries (entry_id, contract_id, observed_on, recorded_at, json, source, version)
            VALUES ($id, $contract, $observed, $recorded, $json, $source, $version)
            """;
        command.Parameters.AddWithValue("$id", entry.EntryId);
        command.Parameters.AddWithValue("$contract", entry.ContractId);
        command.Parameters.AddWithValue("$observed", entry.ObservedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$recorded", entry.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(entry, Json));
        command.Parameters.AddWithValue("$source", ProgressSources.Code(entry.Source));
        command.Parameters.AddWithValue("$version", entry.Version);
        command.ExecuteNonQuery();
        // A located entry may move the work's point on the map: the catalog's points stamp moves with it.
        if (entry is { Latitude: not null, Longitude: not null }) SqliteCatalogStamps.Move(connection, transaction, [SqliteCatalogStamps.Points]);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ProgressEntry>> ListAsync(string contractId, int take, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT json, source FROM progress_entries WHERE contract_id = $contract AND deleted_at IS NULL
            ORDER BY observed_on DESC, recorded_at DESC, entry_id DESC LIMIT $take
            """;
        command.Parameters.AddWithValue("$contract", contractId);
        command.Parameters.AddWithValue("$take", Math.Max(0, take));
        var entries = new List<ProgressEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) entries.Add(Deserialize(reader));
        return Task.FromResult<IReadOnlyList<ProgressEntry>>(entries);
    }

    public Task<ProgressEntry?> FindAsync(string contractId, string entryId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json, source FROM progress_entries WHERE entry_id = $id AND contract_id = $contract AND deleted_at IS NULL";
        command.Parameters.AddWithValue("$id", entryId);
        command.Parameters.AddWithValue("$contract", contractId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Deserialize(reader) : null);
    }

    public Task<int> CountAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM progress_entries WHERE contract_id = $contract AND deleted_at IS NULL";
        command.Parameters.AddWithValue("$contract", contractId);
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public Task<bool> CorrectAsync(ProgressEntry corrected, ProgressRevision earlier, CancellationToken ct = default) =>
        Task.FromResult(Revise(earlier, corrected));

    public Task<bool> DeleteAsync(ProgressRevision last, CancellationToken ct = default) => Task.FromResult(Revise(last, null));

    /// <summary>The entry at the revision's version becomes <paramref name="corrected"/> (or deleted) and the revision
    /// goes to the history, in one transaction; false when the entry is not at that version.</summary>
    bool Revise(ProgressRevision revision, ProgressEntry? corrected)
    {
        var was = revision.Was;
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = (corrected is null
            ? "UPDATE progress_entries SET version = version + 1, deleted_at = $at"
            : "UPDATE progress_entries SET version = $version, json = $json, observed_on = $observed")
            + " WHERE entry_id = $id AND contract_id = $contract AND version = $expected AND deleted_at IS NULL";
        update.Parameters.AddWithValue("$id", was.EntryId);
        update.Parameters.AddWithValue("$contract", was.ContractId);
        update.Parameters.AddWithValue("$expected", was.Version);
        if (corrected is null)
            update.Parameters.AddWithValue("$at", revision.ChangedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        else
        {
            update.Parameters.AddWithValue("$version", corrected.Version);
            update.Parameters.AddWithValue("$json", JsonSerializer.Serialize(corrected, Json));
            update.Parameters.AddWithValue("$observed", corrected.ObservedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (update.ExecuteNonQuery() != 1) return false; // rolled back when the transaction is disposed

        using var history = connection.CreateCommand();
        history.Transaction = transaction;
        history.CommandText = """
            INSERT INTO progress_history (entry_id, version, contract_id, changed_at, json)
            VALUES ($id, $version, $contract, $at, $json)
            """;
        history.Parameters.AddWithValue("$id", was.EntryId);
        history.Parameters.AddWithValue("$version", was.Version);
        history.Parameters.AddWithValue("$contract", was.ContractId);
        history.Parameters.AddWithValue("$at", revision.ChangedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        history.Parameters.AddWithValue("$json", JsonSerializer.Serialize(revision, Json));
        history.ExecuteNonQuery();
        // A point that moves or goes: the works catalog of every instance re-reads the map at its next look.
        if (was is { Latitude: not null, Longitude: not null } || corrected is { Latitude: not null, Longitude: not null })
            SqliteCatalogStamps.Move(connection, transaction, [SqliteCatalogStamps.Points]);
        transaction.Commit();
        return true;
    }

    public Task<IReadOnlyList<ProgressRevision>> HistoryAsync(string contractId, string entryId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM progress_history WHERE entry_id = $id AND contract_id = $contract ORDER BY version";
        command.Parameters.AddWithValue("$id", entryId);
        command.Parameters.AddWithValue("$contract", contractId);
        var revisions = new List<ProgressRevision>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            revisions.Add(JsonSerializer.Deserialize<ProgressRevision>(reader.GetString(0), Json) ?? throw new InvalidDataException("Empty progress revision JSON."));
        return Task.FromResult<IReadOnlyList<ProgressRevision>>(revisions);
    }

    public Task<IReadOnlyList<ProgressEntry>> LatestLocatedAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // Reads only the partial index progress_located (its WHERE is repeated word for word, as SQLite needs).
        command.CommandText = $"""
            SELECT json, source FROM (
                SELECT json, source, ROW_NUMBER() OVER (PARTITION BY contract_id ORDER BY observed_on DESC, recorded_at DESC, entry_id DESC) AS n
                FROM progress_entries WHERE {SqliteSchema.LocatedProgress} AND deleted_at IS NULL)
            WHERE n = 1
            """;
        var entries = new List<ProgressEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (Deserialize(reader) is { Latitude: not null, Longitude: not null } entry) entries.Add(entry);
        return Task.FromResult<IReadOnlyList<ProgressEntry>>(entries);
    }

    /// <summary>A row read as (json, source).</summary>
    static ProgressEntry Deserialize(SqliteDataReader row) =>
        (JsonSerializer.Deserialize<ProgressEntry>(row.GetString(0), Json) ?? throw new InvalidDataException("Empty progress entry JSON."))
        with { Source = ProgressSources.Parse(row.GetString(1)) };
}
