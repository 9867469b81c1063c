using ObrasQr.Sync;

namespace ObrasQr.Server.Storage;

public sealed class SqliteSyncStateStore(SqliteDatabase db) : ISyncStateStore
{
    public Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM sync_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO sync_state (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
