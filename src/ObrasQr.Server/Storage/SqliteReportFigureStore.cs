using System.Text.Json;
using ObrasQr.Accountability;

namespace ObrasQr.Server.Storage;

/// <summary>The kept figures in SQLite: a row per report's fact, found by entity through an index (one file, one
/// process: no need for the Azure store's month rows), and the change stamp and national roll-up in figure_state.</summary>
public sealed class SqliteReportFigureStore(SqliteDatabase db) : IReportFigureStore
{
    const string StampKey = "stamp";
    const string NationalKey = "national";

    public Task RecordAsync(IReadOnlyCollection<ReportFact> facts, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        var changed = 0;
        foreach (var fact in facts)
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            // Only a newer version replaces the fact: a retried or late write changes nothing.
            upsert.CommandText = """
                INSERT INTO report_facts (report_id, entity_nit, month, version, json) VALUES ($id, $entity, $month, $version, $json)
                ON CONFLICT (report_id) DO UPDATE SET entity_nit = excluded.entity_nit, month = excluded.month, version = excluded.version, json = excluded.json
                WHERE excluded.version > report_facts.version
                """;
            upsert.Parameters.AddWithValue("$id", fact.ReportId);
            upsert.Parameters.AddWithValue("$entity", fact.EntityNit ?? "");
            upsert.Parameters.AddWithValue("$month", fact.Month);
            upsert.Parameters.AddWithValue("$version", fact.Version);
            upsert.Parameters.AddWithValue("$json", JsonSerializer.Serialize(fact, FigureJson.Options));
            changed += upsert.ExecuteNonQuery();
        }
        if (changed > 0) Set(connection, transaction, StampKey, Guid.NewGuid().ToString("N"));
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReportFact>> OfEntityAsync(string? entityNit, CancellationToken ct = default) =>
        Task.FromResult(Facts("SELECT json FROM report_facts WHERE entity_nit = $entity", entityNit ?? ""));

    public Task<IReadOnlyList<ReportFact>> AllAsync(CancellationToken ct = default) => Task.FromResult(Facts("SELECT json FROM report_facts", null));

    public Task<string?> ChangeStampAsync(CancellationToken ct = default) => Task.FromResult(Get(StampKey));

    public Task<NationalFigures?> ReadNationalAsync(CancellationToken ct = default) =>
        Task.FromResult(Get(NationalKey) is { } json ? JsonSerializer.Deserialize<NationalFigures>(json, FigureJson.Options) : null);

    public Task SaveNationalAsync(NationalFigures figures, CancellationToken ct = default)
    {
        using var connection = db.Open();
        Set(connection, null, NationalKey, JsonSerializer.Serialize(figures, FigureJson.Options));
        return Task.CompletedTask;
    }

    IReadOnlyList<ReportFact> Facts(string sql, string? entity)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (entity is not null) command.Parameters.AddWithValue("$entity", entity);
        var facts = new List<ReportFact>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) facts.Add(JsonSerializer.Deserialize<ReportFact>(reader.GetString(0), FigureJson.Options)!);
        return facts;
    }

    string? Get(string key)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM figure_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    static void Set(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, string key, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO figure_state (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
