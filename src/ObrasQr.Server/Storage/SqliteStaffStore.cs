using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ObrasQr.Staff;

namespace ObrasQr.Server.Storage;

public sealed class SqliteStaffStore(SqliteDatabase db) : IStaffStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<bool> AddAsync(StaffMember member, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO staff (staff_id, email_key, json) VALUES ($id, $key, $json) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$id", member.Id);
        command.Parameters.AddWithValue("$key", member.Key);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(member, Json));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task<StaffMember?> FindAsync(string id, CancellationToken ct = default) =>
        Task.FromResult(One<StaffMember>("SELECT json FROM staff WHERE staff_id = $v", id));

    public Task<StaffMember?> FindByEmailAsync(string email, CancellationToken ct = default) =>
        Task.FromResult(One<StaffMember>("SELECT json FROM staff WHERE email_key = $v", StaffMember.EmailKey(email)));

    public Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default) =>
        Task.FromResult(Many<StaffMember>("SELECT json FROM staff ORDER BY email_key", null));

    public Task<(StaffMember Member, string Version)?> FindForChangeAsync(string id, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json, version FROM staff WHERE staff_id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult<(StaffMember, string)?>(reader.Read()
            ? (JsonSerializer.Deserialize<StaffMember>(reader.GetString(0), Json)!, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture))
            : null);
    }

    public Task<bool> ReplaceAsync(StaffMember member, string version, CancellationToken ct = default)
    {
        if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var read)) return Task.FromResult(false);
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE staff SET json = $json, version = version + 1 WHERE staff_id = $id AND version = $version";
        command.Parameters.AddWithValue("$id", member.Id);
        command.Parameters.AddWithValue("$version", read);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(member, Json));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task AddSessionAsync(StaffSession session, CancellationToken ct = default)
    {
        Execute("INSERT INTO staff_sessions (token_hash, staff_id, json) VALUES ($hash, $id, $json)", c =>
        {
            c.Parameters.AddWithValue("$hash", session.TokenHash);
            c.Parameters.AddWithValue("$id", session.MemberId);
            c.Parameters.AddWithValue("$json", JsonSerializer.Serialize(session, Json));
        });
        return Task.CompletedTask;
    }

    public Task<StaffSession?> FindSessionAsync(string tokenHash, CancellationToken ct = default) =>
        Task.FromResult(One<StaffSession>("SELECT json FROM staff_sessions WHERE token_hash = $v", tokenHash));

    public Task TouchSessionAsync(string tokenHash, DateTimeOffset lastSeenAt, CancellationToken ct = default)
    {
        Execute("UPDATE staff_sessions SET json = json_set(json, '$.lastSeenAt', $at) WHERE token_hash = $hash", c =>
        {
            c.Parameters.AddWithValue("$hash", tokenHash);
            c.Parameters.AddWithValue("$at", JsonSerializer.Serialize(lastSeenAt, Json).Trim('"'));
        });
        return Task.CompletedTask;
    }

    public Task EndSessionAsync(string tokenHash, CancellationToken ct = default)
    {
        Execute("DELETE FROM staff_sessions WHERE token_hash = $hash", c => c.Parameters.AddWithValue("$hash", tokenHash));
        return Task.CompletedTask;
    }

    public Task<SignInFailures> CountFailureAsync(string key, DateTimeOffset at, TimeSpan window, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // One statement: concurrent failures each add one (no read-then-write).
        command.CommandText = """
            INSERT INTO sign_in_failures (key, count, last_at) VALUES ($key, 1, $at)
            ON CONFLICT (key) DO UPDATE SET count = CASE WHEN last_at <= $since THEN 1 ELSE count + 1 END, last_at = $at
            RETURNING count, last_at
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$at", Stamp(at));
        command.Parameters.AddWithValue("$since", Stamp(at - window));
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new SignInFailures(reader.GetInt32(0), ParseStamp(reader.GetString(1))));
    }

    public Task<SignInFailures?> FailuresAsync(string key, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count, last_at FROM sign_in_failures WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new SignInFailures(reader.GetInt32(0), ParseStamp(reader.GetString(1))) : null);
    }

    public Task ClearFailuresAsync(string key, CancellationToken ct = default)
    {
        Execute("DELETE FROM sign_in_failures WHERE key = $key", c => c.Parameters.AddWithValue("$key", key));
        return Task.CompletedTask;
    }

    // Fixed-width UTC text: compared as text in SQL.
    static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    static DateTimeOffset ParseStamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public Task LogAsync(StaffChange change, CancellationToken ct = default)
    {
        Execute("INSERT INTO staff_changes (at, json) VALUES ($at, $json)", c =>
        {
            c.Parameters.AddWithValue("$at", change.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            c.Parameters.AddWithValue("$json", JsonSerializer.Serialize(change, Json));
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StaffChange>> ChangesAsync(int limit, string? entityNit = null, CancellationToken ct = default)
    {
        if (entityNit is null)
            return Task.FromResult(Many<StaffChange>("SELECT json FROM staff_changes ORDER BY at DESC, rowid DESC LIMIT $v", limit));
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // Lines logged before they carried the entity count as the entity the account has now.
        command.CommandText = """
            SELECT c.json FROM staff_changes c
            WHERE coalesce(json_extract(c.json, '$.entityNit'),
                           (SELECT json_extract(s.json, '$.entityNit') FROM staff s
                            WHERE s.email_key = lower(trim(json_extract(c.json, '$.memberEmail'))))) = $entity
            ORDER BY c.at DESC, c.rowid DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$entity", entityNit);
        command.Parameters.AddWithValue("$limit", limit);
        var found = new List<StaffChange>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) found.Add(JsonSerializer.Deserialize<StaffChange>(reader.GetString(0), Json)!);
        return Task.FromResult<IReadOnlyList<StaffChange>>(found);
    }

    T? One<T>(string sql, object value) where T : class
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$v", value);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, Json) : null;
    }

    IReadOnlyList<T> Many<T>(string sql, object? value)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (value is not null) command.Parameters.AddWithValue("$v", value);
        var found = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) found.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)!);
        return found;
    }

    void Execute(string sql, Action<SqliteCommand> parameters)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters(command);
        command.ExecuteNonQuery();
    }
}
