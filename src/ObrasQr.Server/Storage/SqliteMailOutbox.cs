using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ObrasQr.Mail;

namespace ObrasQr.Server.Storage;

/// <summary>Table mail_outbox: one row per notice, its JSON and, for the sender's query, when it is due and whether
/// it was sent. The report store writes its events here in its own transactions (<see cref="Enqueue"/>).</summary>
public sealed class SqliteMailOutbox(SqliteDatabase db) : IMailOutbox
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var message in messages) Enqueue(connection, transaction, message);
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Inside the caller's transaction: the notice commits with what causes it, or neither does.</summary>
    public static void Enqueue(SqliteConnection connection, SqliteTransaction transaction, OutboxMessage message)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO mail_outbox (id, due_at, sent_at, json) VALUES ($id, $due, NULL, $json)";
        insert.Parameters.AddWithValue("$id", message.Id);
        insert.Parameters.AddWithValue("$due", Instant(message.DueAt));
        insert.Parameters.AddWithValue("$json", JsonSerializer.Serialize(message with { SentAt = null }, Json));
        insert.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int take, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM mail_outbox WHERE sent_at IS NULL AND due_at <= $now ORDER BY due_at, id LIMIT $take";
        command.Parameters.AddWithValue("$now", Instant(now));
        command.Parameters.AddWithValue("$take", take);
        var found = new List<OutboxMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) found.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), Json)!);
        return Task.FromResult<IReadOnlyList<OutboxMessage>>(found);
    }

    public Task<OutboxMessage?> FindAsync(string id, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM mail_outbox WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<OutboxMessage>(json, Json) : null);
    }

    public Task MarkSentAsync(string id, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        Update(id, "sent_at = $at, json = json_set(json, '$.sentAt', $at, '$.lastError', $note)", at, note, null, null);

    public Task MarkFailedAsync(string id, int attempts, DateTimeOffset nextAttempt, string error, CancellationToken ct = default) =>
        Update(id, "due_at = $due, json = json_set(json, '$.dueAt', $dueJson, '$.attempts', $attempts, '$.lastError', $note)", null, error, nextAttempt, attempts);

    Task Update(string id, string set, DateTimeOffset? at, string? note, DateTimeOffset? due, int? attempts)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE mail_outbox SET {set} WHERE id = $id AND sent_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at is { } a ? JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(a, Json))! : DBNull.Value);
        command.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
        command.Parameters.AddWithValue("$due", due is { } d ? Instant(d) : DBNull.Value);
        command.Parameters.AddWithValue("$dueJson", due is { } dj ? JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(dj, Json))! : DBNull.Value);
        command.Parameters.AddWithValue("$attempts", (object?)attempts ?? DBNull.Value);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>UTC with a fixed width, so that text order is time order.</summary>
    static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
