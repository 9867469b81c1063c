using Microsoft.Data.Sqlite;

namespace ObrasQr.Server.Storage;

/// <summary>The embedded database: one SQLite file in the data directory, WAL and full sync for durability.</summary>
public sealed class SqliteDatabase
{
    readonly string connectionString;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        SqliteSchema.Migrate(connection);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // FULL: an acknowledged write is on disk even if the machine loses power, not only if the process dies.
        // 16 KiB pages hold several contract versions (~1.6 KB of JSON each) instead of two: less to write on import.
        // It only takes effect on a new database (before WAL mode is set); afterwards it is a no-op.
        Execute(connection, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
