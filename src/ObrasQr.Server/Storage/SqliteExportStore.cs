using System.Globalization;
using System.Text.Json;
using ObrasQr.Secop;

namespace ObrasQr.Server.Storage;

public sealed class SqliteExportStore(SqliteDatabase db) : IExportStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task AddAsync(SecopExport export, CancellationToken ct = default)
    {
        Write("INSERT INTO exports (export_id, status, uploaded_at, json) VALUES ($id, $status, $uploaded, $json)", export);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(SecopExport export, CancellationToken ct = default)
    {
        Write("UPDATE exports SET status = $status, json = $json WHERE export_id = $id", export);
        return Task.CompletedTask;
    }

    public Task<SecopExport?> FindAsync(string exportId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM exports WHERE export_id = $id";
        command.Parameters.AddWithValue("$id", exportId);
        return Task.FromResult(command.ExecuteScalar() is string json ? Deserialize(json) : null);
    }

    public Task<IReadOnlyList<SecopExport>> ListPendingAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM exports WHERE status = $status ORDER BY uploaded_at, export_id";
        command.Parameters.AddWithValue("$status", ExportStatus.Pending);
        var pending = new List<SecopExport>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) pending.Add(Deserialize(reader.GetString(0)));
        return Task.FromResult<IReadOnlyList<SecopExport>>(pending);
    }

    public Task<IReadOnlyList<SecopExport>> ListAsync(string? entityNit, int skip, int take, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // The scope lives in the JSON: an office uploads a few files a week, so no column or index is needed for it.
        command.CommandText = "SELECT json FROM exports WHERE $entity IS NULL OR json_extract(json, '$.entityNit') = $entity " +
            "ORDER BY uploaded_at DESC, export_id LIMIT $take OFFSET $skip";
        command.Parameters.AddWithValue("$entity", (object?)entityNit ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", Math.Max(0, take));
        command.Parameters.AddWithValue("$skip", Math.Max(0, skip));
        var list = new List<SecopExport>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add(Deserialize(reader.GetString(0)));
        return Task.FromResult<IReadOnlyList<SecopExport>>(list);
    }

    void Write(string sql, SecopExport export)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", export.ExportId);
        command.Parameters.AddWithValue("$status", export.Status);
        command.Parameters.AddWithValue("$uploaded", export.UploadedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(export, Json));
        command.ExecuteNonQuery();
    }

    static SecopExport Deserialize(string json) =>
        JsonSerializer.Deserialize<SecopExport>(json, Json) ?? throw new InvalidDataException("Empty export JSON.");
}
